// Chips -> SPI MOSI bytes (MOSI drives the radio's data input, MSB first): each chip becomes `factor` equal bits at
// an SPI clock of chip rate x factor, so the SPI clock does the timing (docs/radio-protocols.md "On the ESP32").
// A transfer holds at most max_bytes. The line pauses, at an undefined level, between transfers, so a long train is
// split only inside OOK silence: at a chip-byte boundary with a zero chip byte on each side (16+ chips off, while no
// data symbol stays off for more than 9 chips). 2-FSK has no silence and must fit one transfer. The last transfer
// ends with at least one low bit, so the line is left low. Pure logic: tested on Linux (test/host/rf.test.js).
#pragma once

#include <stdint.h>

#include "rf_train.h"

typedef struct {
    uint32_t first_chip; // a multiple of 8: every segment starts on a chip byte
    uint32_t chip_count;
    uint32_t bytes; // MOSI bytes of the transfer
} rf_segment_t;

// The smallest integer factor that puts the SPI clock at or above the controller's minimum.
uint32_t rf_spi_clock_factor(uint32_t chip_rate_hz, uint32_t min_clock_hz);

// MOSI bytes of the whole train as one transfer.
uint32_t rf_one_transfer_bytes(const rf_train_t *t, uint32_t factor);

// Splits the train into at most max_segments transfers of at most max_bytes each: their count, or -1 with *why
// set when it cannot be split (2-FSK, or OOK without silence where a split must come).
int rf_plan_transfers(const rf_train_t *t, uint32_t factor, uint32_t max_bytes, rf_segment_t *segments,
                      int max_segments, const char **why);

// The MOSI bytes of one planned segment, seg->bytes of them, into out.
void rf_rasterise(const rf_train_t *t, uint32_t factor, const rf_segment_t *seg, uint8_t *out);
