// A transmission as the VM hands it to the board: the virtual RF datagram, sent to the peer 0.0.0.0:0
// (docs/udp-contract.md "Virtual RF"). In the simulator a monitor receives it; on the ESP32 rf_output puts it on air.
//
//   "PBRF" | version u8 = 2 | modulation u8 | carrier Hz u32 | chip rate Hz u32 | chip count u32 |
//   deviation Hz u32 | module u8 | name length u8 | protocol name (ASCII) | chips packed MSB-first
//
// All numbers big-endian. A chip is one period at the chip rate: 1 = carrier on (OOK) or the upper tone (2-FSK).
#pragma once

#include <stddef.h>
#include <stdint.h>

#define RF_VERSION 2
#define RF_HEADER_BYTES 24

#define RF_OOK 0
#define RF_FSK 1

// The radioModule setting (src/radio/transceivers/index.ts, RADIO_MODULES, in this order).
#define RF_MODULE_OOK 0
#define RF_MODULE_CC1101 1
#define RF_MODULE_SX1278 2

typedef struct {
    uint8_t modulation;
    uint8_t module;
    uint32_t carrier_hz;
    uint32_t chip_rate_hz;
    uint32_t chip_count;
    // 2-FSK: the tones sit at carrier +- deviation; 0 for OOK
    uint32_t deviation_hz;
    const char *name; // not NUL-terminated: name_len bytes
    uint8_t name_len;
    const uint8_t *chips; // (chip_count + 7) / 8 bytes, bits past chip_count zero
} rf_train_t;

// Reads a datagram into *out (pointing into it); 0, or -1 when it is not a whole datagram of this version.
int rf_train_parse(const uint8_t *datagram, size_t len, rf_train_t *out);

// The chip (0 or 1) at index i.
static inline int rf_chip_at(const uint8_t *chips, uint32_t i) {
    return (chips[i >> 3] >> (7 - (i & 7))) & 1;
}
