// The SPI transactions that set a transceiver (CC1101, SX1278) up for one transmission and put it to sleep after
// (docs/radio-protocols.md "Transceivers"). In direct mode the chip then takes the chips on its data pin, which SPI
// MOSI drives; in FIFO mode (a 2-FSK train too long for one SPI transfer at the controller's slowest clock, as on
// an ESP32-C3) it sends them from its TX FIFO at its own data rate. Each transaction is what goes out on MOSI during
// one chip-select-low period. Pure logic: tested on Linux (test/host/rf.test.js).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_train.h"

// TX FIFO size of both chips (CC1101 SWRS061 10.5, SX1278 4.2.10).
#define RF_FIFO_BYTES 64
// The most transactions a setup takes (SX1278 in FIFO mode: 21).
#define RF_SETUP_MAX 24

typedef struct {
    uint8_t len;
    uint8_t bytes[3];
} rf_txn_t;

// The setup of `module` (RF_MODULE_CC1101 or RF_MODULE_SX1278) for the train; the last transaction starts the
// transmission. Returns their count, or -1 with the reason in `why` (a carrier outside the chip's bands, a
// deviation or rate it cannot make).
int rf_transceiver_start(uint8_t module, const rf_train_t *t, bool fifo, rf_txn_t *out, char *why, size_t why_len);

// Stops transmitting, empties the TX FIFO and puts the chip to sleep: the transactions' count.
int rf_transceiver_stop(uint8_t module, rf_txn_t *out);

// The SPI header byte of a burst write to the TX FIFO; the chip bytes follow it, MSB (first chip) first.
uint8_t rf_transceiver_fifo_header(uint8_t module);
