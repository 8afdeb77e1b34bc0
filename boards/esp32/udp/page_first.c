#include "page_first.h"

#include <string.h>

#define CODE_POST 2
#define CODE_PUT 3
// A Uri-Path option header of length 4 after another Uri-Path (delta 0): the segment "page" of /v1/page.
#define PATH_SEGMENT_OF_4 0x04
#define QUOTE 0x22

unsigned page_asked(const uint8_t *msg, unsigned len) {
    if (len < 4 || (msg[1] != CODE_POST && msg[1] != CODE_PUT))
        return PAGE_ASKS_NOTHING;
    for (unsigned i = 5; i + 4 <= len; ++i) {
        if (memcmp(msg + i, "page", 4) != 0)
            continue;
        if (msg[i - 1] == PATH_SEGMENT_OF_4)
            return PAGE_ASKS_PAGE;
        if (msg[i - 1] == QUOTE && i + 4 < len && msg[i + 4] == QUOTE)
            return PAGE_ASKS_PAGE_ON_SESSION;
    }
    return PAGE_ASKS_NOTHING;
}

bool page_same_peer(const uint8_t *a, const uint8_t *b) {
    unsigned alen = a[0] & PAGE_ADDRESS_LENGTH_MASK;
    return alen == (b[0] & PAGE_ADDRESS_LENGTH_MASK) && memcmp(a + 1, b + 1, alen + 2) == 0;
}
