// Hex text -> bytes for the host harnesses' command lines (harness.c, rf_cli.c).
#pragma once

#include <stdio.h>

// Decodes pairs of hex digits from `hex` into `out` (at most `max` bytes), up to the first that is not one.
static inline unsigned from_hex(const char *hex, unsigned char *out, unsigned max) {
    unsigned n = 0;
    while (hex[0] && hex[1] && n < max) {
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1)
            break;
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    return n;
}
