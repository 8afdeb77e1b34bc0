// Putting one transmission on air through an SPI bus (docs/radio-protocols.md "On the ESP32"). MOSI drives the
// radio's data input, so the SPI clock does the chip timing (rf_raster.h); the enable pin (if any) powers the
// transmitter only around a transmission, because MOSI idles at an undefined level. A transceiver shares the bus:
// with its chip select low, MOSI carries its register setup and the TX strobe (rf_transceiver.h); with it high, the
// chip ignores SPI and takes MOSI as data on its direct-mode pin (wired to the same GPIO); afterwards it sleeps. A
// 2-FSK train too long for one transfer at the slowest clock (as on an ESP32-C3) goes from the transceiver's TX
// FIFO at its own data rate, refilled in time. The bus is the caller's: rf_output_esp32.c's is the ESP32's SPI
// controller, test/host/rf_cli.c's a recording wire.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_train.h"

// The slowest SPI clocks: classic ESP32 about 153 Hz; ESP32-C3/S3 80 MHz / (16 * 64).
#define RF_ESP32_MIN_SPI_HZ 160
#define RF_ESP32C3_MIN_SPI_HZ 78125
// Bytes of one SPI transfer: a T112 page at the ESP32-C3's factor 9 is 4,712 bytes, two transfers.
#define RF_SPI_MAX_TRANSFER_BYTES 4096

typedef struct {
    void *ctx;
    // The controller's slowest clock (RF_ESP32_MIN_SPI_HZ or RF_ESP32C3_MIN_SPI_HZ).
    uint32_t min_clock_hz;
    // Whether the board has the pins; set_select and set_enable are called only then.
    bool has_select, has_enable;
    void (*set_select)(void *ctx, int level);
    void (*set_enable)(void *ctx, int level);
    // One SPI transaction at `hz`: 0, or nonzero when the controller refused it.
    int (*write)(void *ctx, uint32_t hz, const uint8_t *bytes, uint32_t len);
    void (*sleep_ms)(void *ctx, uint32_t ms);
    int64_t (*now_us)(void *ctx);
    // RF_SPI_MAX_TRANSFER_BYTES bytes the transfers are rasterised into (DMA-capable on the ESP32).
    uint8_t *scratch;
} rf_bus_t;

// Puts the train on air with its module (t->module). 0, or -1 with the reason in `why`, the transmitter switched
// off again.
int rf_output_transmit(const rf_bus_t *bus, const rf_train_t *t, char *why, size_t why_len);
