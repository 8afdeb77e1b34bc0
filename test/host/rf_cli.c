// Host harness for the ESP32 radio's pure parts (boards/esp32/udp/rf_*.c): reads commands on stdin, one per line,
// and answers on stdout, each answer ending with a line holding a single "."; rf.test.js drives it.
//
//   plan <factor> <max_bytes> <datagram hex>  -> "segment <first> <count> <bytes> <mosi hex>" per transfer, or
//                                                 "error <why>"
//   factor <chip_rate_hz> <min_clock_hz>      -> "factor <n>"
//   setup <fifo 0|1> <datagram hex>           -> "txn <hex>" per chip-select period, or "error <why>"
//   stop <module>                             -> "txn <hex>" per period
//   fifo-header <module>                      -> "header <hex>"
//   wire <min_clock_hz> <datagram hex>        -> rf_output_transmit on a recording bus: "PBWIRE mosiBits=..
//                                                 fifoBytes=.. fifoMax=.. fifoMin=.." and "PBRF <hex>", the chips the
//                                                 radio would send rebuilt from the wire alone, or "error <why>"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_output.h"
#include "rf_raster.h"
#include "rf_transceiver.h"
#include "hex.h"

static void print_hex(const uint8_t *b, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static void print_txns(const rf_txn_t *t, int n) {
    for (int i = 0; i < n; i++) {
        printf("txn ");
        print_hex(t[i].bytes, t[i].len);
        printf("\n");
    }
}

// The recording bus. Direct mode: MOSI while chip select is high, one chip per hz / chip-rate bits, read in the
// middle of the chip. FIFO mode: the bytes of TX FIFO writes (the header byte dropped), and the FIFO's level at each
// refill, from the time of the write: the chip sends one byte every 8 chips after the start (the transaction after
// the first FIFO write). Time passes only in sleep_ms, so the levels are those of a bus without delays.
typedef struct {
    const rf_train_t *t;
    int select;
    int64_t now_us, start_us;
    uint32_t mosi_bits, fifo_bytes, chips;
    int fifo_max, fifo_min;
    uint8_t wire[65536];
} wire_t;

static void wire_select(void *ctx, int level) {
    ((wire_t *)ctx)->select = level;
}

static void wire_enable(void *ctx, int level) {
    (void)ctx;
    (void)level;
}

static void wire_chip(wire_t *w, int level) {
    if (level)
        w->wire[w->chips >> 3] |= 0x80 >> (w->chips & 7);
    w->chips++;
}

static int wire_write(void *ctx, uint32_t hz, const uint8_t *bytes, uint32_t len) {
    wire_t *w = ctx;
    if (w->select) {
        uint32_t factor = hz / w->t->chip_rate_hz;
        if (factor * w->t->chip_rate_hz != hz)
            return -1; // the SPI clock is not a multiple of the chip rate
        w->mosi_bits += len * 8;
        for (uint32_t i = factor / 2; i < len * 8; i += factor)
            wire_chip(w, (bytes[i >> 3] >> (7 - (i & 7))) & 1);
    } else if (w->t->module != RF_MODULE_OOK && bytes[0] == rf_transceiver_fifo_header(w->t->module) && len > 1) {
        if (w->start_us >= 0) {
            int64_t out = (w->now_us - w->start_us) * w->t->chip_rate_hz / 8000000;
            int64_t sent = out < w->fifo_bytes ? out : w->fifo_bytes;
            int level = (int)(w->fifo_bytes - sent);
            if (level < w->fifo_min)
                w->fifo_min = level;
            if (level + (int)len - 1 > w->fifo_max)
                w->fifo_max = level + (int)len - 1;
        } else {
            w->fifo_max = (int)len - 1;
        }
        for (uint32_t i = 1; i < len; i++)
            for (int b = 7; b >= 0; b--)
                wire_chip(w, (bytes[i] >> b) & 1);
        w->fifo_bytes += len - 1;
    } else if (w->fifo_bytes > 0 && w->start_us < 0) {
        w->start_us = w->now_us;
    }
    return 0;
}

static void wire_sleep(void *ctx, uint32_t ms) {
    ((wire_t *)ctx)->now_us += (int64_t)ms * 1000;
}

static int64_t wire_now(void *ctx) {
    return ((wire_t *)ctx)->now_us;
}

// Transmits the train on the recording bus and prints what the wire carried.
static void wire(uint32_t min_clock_hz, const uint8_t *datagram, const rf_train_t *t) {
    static wire_t w;
    static uint8_t scratch[RF_SPI_MAX_TRANSFER_BYTES], out[32768];
    memset(&w, 0, sizeof w);
    w.t = t;
    w.select = 1;
    w.start_us = -1;
    w.fifo_min = RF_FIFO_BYTES;
    rf_bus_t bus = {&w, min_clock_hz, true, true, wire_select, wire_enable, wire_write, wire_sleep, wire_now, scratch};
    char why[128];
    if (rf_output_transmit(&bus, t, why, sizeof why)) {
        printf("error %s\n", why);
        return;
    }
    printf("PBWIRE mosiBits=%u fifoBytes=%u fifoMax=%d fifoMin=%d\n", (unsigned)w.mosi_bits, (unsigned)w.fifo_bytes,
           w.fifo_max, w.fifo_min);
    // The same header, the rebuilt chips.
    unsigned head = RF_HEADER_BYTES + t->name_len, bytes = (w.chips + 7) / 8;
    memcpy(out, datagram, head);
    out[14] = (uint8_t)(w.chips >> 24), out[15] = (uint8_t)(w.chips >> 16), out[16] = (uint8_t)(w.chips >> 8);
    out[17] = (uint8_t)w.chips;
    memcpy(out + head, w.wire, bytes);
    printf("PBRF ");
    print_hex(out, head + bytes);
    printf("\n");
}

int main(void) {
    static char line[65536], arg[65536];
    static uint8_t datagram[32768], mosi[65536];
    static rf_segment_t plan[64];
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char cmd[16] = "";
        unsigned a = 0, b = 0;
        rf_train_t t;
        sscanf(line, "%15s", cmd);
        if (!strcmp(cmd, "plan") && sscanf(line, "%*s %u %u %65535s", &a, &b, arg) == 3) {
            if (rf_train_parse(datagram, from_hex(arg, datagram, sizeof datagram), &t)) {
                printf("error datagram\n");
            } else {
                const char *why = NULL;
                int n = rf_plan_transfers(&t, a, b, plan, 64, &why);
                if (n < 0)
                    printf("error %s\n", why);
                for (int i = 0; i < n; i++) {
                    rf_rasterise(&t, a, &plan[i], mosi);
                    printf("segment %u %u %u ", (unsigned)plan[i].first_chip, (unsigned)plan[i].chip_count,
                           (unsigned)plan[i].bytes);
                    print_hex(mosi, plan[i].bytes);
                    printf("\n");
                }
            }
        } else if (!strcmp(cmd, "wire") && sscanf(line, "%*s %u %65535s", &a, arg) == 2) {
            unsigned n = from_hex(arg, datagram, sizeof datagram);
            if (rf_train_parse(datagram, n, &t))
                printf("error datagram\n");
            else
                wire(a, datagram, &t);
        } else if (!strcmp(cmd, "factor") && sscanf(line, "%*s %u %u", &a, &b) == 2) {
            printf("factor %u\n", (unsigned)rf_spi_clock_factor(a, b));
        } else if (!strcmp(cmd, "setup") && sscanf(line, "%*s %u %65535s", &a, arg) == 2) {
            static rf_txn_t txns[RF_SETUP_MAX];
            char why[128];
            if (rf_train_parse(datagram, from_hex(arg, datagram, sizeof datagram), &t)) {
                printf("error datagram\n");
            } else {
                int n = rf_transceiver_start(t.module, &t, a != 0, txns, why, sizeof why);
                if (n < 0)
                    printf("error %s\n", why);
                print_txns(txns, n);
            }
        } else if (!strcmp(cmd, "stop") && sscanf(line, "%*s %u", &a) == 1) {
            static rf_txn_t txns[RF_SETUP_MAX];
            print_txns(txns, rf_transceiver_stop((uint8_t)a, txns));
        } else if (!strcmp(cmd, "fifo-header") && sscanf(line, "%*s %u", &a) == 1) {
            printf("header %02x\n", rf_transceiver_fifo_header((uint8_t)a));
        } else {
            printf("unknown %s\n", line);
        }
        printf(".\n");
    }
    return 0;
}
