#include "rf_train.h"

#include <string.h>

static uint32_t u32_be(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int rf_train_parse(const uint8_t *d, size_t len, rf_train_t *out) {
    if (len < RF_HEADER_BYTES || memcmp(d, "PBRF", 4) != 0 || d[4] != RF_VERSION)
        return -1;
    out->modulation = d[5];
    out->carrier_hz = u32_be(d + 6);
    out->chip_rate_hz = u32_be(d + 10);
    out->chip_count = u32_be(d + 14);
    out->deviation_hz = u32_be(d + 18);
    out->module = d[22];
    out->name_len = d[23];
    out->name = (const char *)d + RF_HEADER_BYTES;
    size_t chips_at = RF_HEADER_BYTES + (size_t)out->name_len;
    if (chips_at > len || len - chips_at != ((size_t)out->chip_count + 7) / 8)
        return -1;
    if (out->modulation > RF_FSK || out->module > RF_MODULE_SX1278 || out->chip_rate_hz == 0)
        return -1;
    out->chips = d + chips_at;
    return 0;
}
