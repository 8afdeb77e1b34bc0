#include "rf_raster.h"

#include <string.h>

uint32_t rf_spi_clock_factor(uint32_t chip_rate_hz, uint32_t min_clock_hz) {
    return chip_rate_hz >= min_clock_hz ? 1 : (min_clock_hz + chip_rate_hz - 1) / chip_rate_hz;
}

uint32_t rf_one_transfer_bytes(const rf_train_t *t, uint32_t factor) {
    // At least one bit after the last chip, low: the line is left low.
    return (uint32_t)(((uint64_t)t->chip_count * factor + 8) / 8);
}

int rf_plan_transfers(const rf_train_t *t, uint32_t factor, uint32_t max_bytes, rf_segment_t *segments,
                      int max_segments, const char **why) {
    int n = 0;
    uint32_t first = 0;
    while (first < t->chip_count) {
        if (n == max_segments) {
            *why = "too many SPI transfers";
            return -1;
        }
        uint32_t rest = t->chip_count - first;
        uint64_t last_bytes = ((uint64_t)rest * factor + 8) / 8;
        if (last_bytes <= max_bytes) {
            segments[n++] = (rf_segment_t){first, rest, (uint32_t)last_bytes};
            break;
        }
        if (t->modulation != RF_OOK) {
            *why = "an FSK train must fit one SPI transfer";
            return -1;
        }
        // The last chip byte boundary the transfer reaches, moved back to one between two silent chip bytes.
        uint32_t lowest = (first >> 3) + 1;
        uint32_t b = (first + max_bytes * 8 / factor) >> 3;
        uint32_t last = (t->chip_count + 7) / 8 - 1; // chips[b] must be a byte of the train
        if (b > last)
            b = last;
        while (b >= lowest && !(t->chips[b - 1] == 0 && t->chips[b] == 0))
            b--;
        if (b < lowest) {
            *why = "no silence to split the SPI transfers at";
            return -1;
        }
        uint32_t count = b * 8 - first;
        segments[n++] = (rf_segment_t){first, count, count * factor / 8};
        first = b * 8;
    }
    return n;
}

// Sets bits [from, from + n) of out, MSB first.
static void set_bits(uint8_t *out, uint32_t from, uint32_t n) {
    uint32_t end = from + n;
    while (from < end && (from & 7))
        out[from >> 3] |= 0x80 >> (from & 7), from++;
    while (from + 8 <= end)
        out[from >> 3] = 0xff, from += 8;
    while (from < end)
        out[from >> 3] |= 0x80 >> (from & 7), from++;
}

void rf_rasterise(const rf_train_t *t, uint32_t factor, const rf_segment_t *seg, uint8_t *out) {
    memset(out, 0, seg->bytes);
    uint32_t bit = 0;
    for (uint32_t i = 0; i < seg->chip_count; i++, bit += factor)
        if (rf_chip_at(t->chips, seg->first_chip + i))
            set_bits(out, bit, factor);
}
