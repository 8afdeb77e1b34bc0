#include "rf_output.h"

#include <stdio.h>
#include <string.h>

#include "rf_raster.h"
#include "rf_transceiver.h"

// FIFO mode: bytes appended per refill, once no more than FIFO_LOW remain queued: room for the refill and 4 bytes of
// margin for the chip's late start; a refill may come 44 bytes late (147 ms at 2400 bit/s) before the FIFO runs dry.
#define FIFO_REFILL 16
#define FIFO_LOW 44
// Transmitter power-up before the first chip; also covers a transceiver's calibration and PLL lock after the TX
// strobe (CC1101 about 0.8 ms, SX1278 well under 1 ms).
#define RADIO_WAKE_MS 2
// Register access: well inside both chips' SPI limits (10 MHz).
#define REGISTER_CLOCK_HZ 1000000
// A sleeping transceiver wakes at chip select low; a CC1101 takes its first byte once its crystal runs (~150 us).
#define CHIP_WAKE_MS 1
// Transfers of one transmission at most: a T112 page at factor 9 takes 2.
#define MAX_TRANSFERS 16

// One SPI transaction per entry, each with chip select low; `wake`: the chip may be asleep before the first.
static void write_registers(const rf_bus_t *bus, const rf_txn_t *txns, int count, bool wake) {
    for (int i = 0; i < count; i++) {
        bus->set_select(bus->ctx, 0);
        if (i == 0 && wake)
            bus->sleep_ms(bus->ctx, CHIP_WAKE_MS);
        bus->write(bus->ctx, REGISTER_CLOCK_HZ, txns[i].bytes, txns[i].len);
        bus->set_select(bus->ctx, 1);
    }
}

// A burst write of chip bytes [from, from + n) to the TX FIFO, with chip select low.
static void fifo_write(const rf_bus_t *bus, const rf_train_t *t, uint32_t from, uint32_t n) {
    uint8_t buf[1 + RF_FIFO_BYTES];
    buf[0] = rf_transceiver_fifo_header(t->module);
    memcpy(buf + 1, t->chips + from, n);
    bus->set_select(bus->ctx, 0);
    bus->write(bus->ctx, REGISTER_CLOCK_HZ, buf, n + 1);
    bus->set_select(bus->ctx, 1);
}

// Milliseconds from now until `at_us`, rounded up; 0 when it has passed.
static uint32_t ms_until(const rf_bus_t *bus, int64_t at_us) {
    int64_t left = at_us - bus->now_us(bus->ctx);
    return left > 0 ? (uint32_t)((left + 999) / 1000) : 0;
}

// FIFO mode: the setup but its start, the FIFO filled, the start; then refills paced by the clock (byte k has left
// the FIFO k * 8 chips after the start), and a wait until the last byte is out.
static void from_fifo(const rf_bus_t *bus, const rf_train_t *t, const rf_txn_t *setup, int count) {
    uint32_t total = (t->chip_count + 7) / 8;
    uint32_t sent = total < RF_FIFO_BYTES ? total : RF_FIFO_BYTES;
    write_registers(bus, setup, count - 1, true);
    fifo_write(bus, t, 0, sent);
    write_registers(bus, setup + count - 1, 1, false);
    int64_t t0 = bus->now_us(bus->ctx);
    while (sent < total) {
        bus->sleep_ms(bus->ctx, ms_until(bus, t0 + ((int64_t)sent - FIFO_LOW) * 8000000 / t->chip_rate_hz));
        uint32_t n = total - sent < FIFO_REFILL ? total - sent : FIFO_REFILL;
        fifo_write(bus, t, sent, n);
        sent += n;
    }
    bus->sleep_ms(bus->ctx, ms_until(bus, t0 + (int64_t)total * 8000000 / t->chip_rate_hz) + 1);
}

int rf_output_transmit(const rf_bus_t *bus, const rf_train_t *t, char *why, size_t why_len) {
    bool xcvr = t->module != RF_MODULE_OOK;
    if (xcvr && !bus->has_select) {
        snprintf(why, why_len, "the radio module needs the board pin RADIO_CS");
        return -1;
    }
    uint32_t factor = rf_spi_clock_factor(t->chip_rate_hz, bus->min_clock_hz);
    bool fifo = t->modulation != RF_OOK && rf_one_transfer_bytes(t, factor) > RF_SPI_MAX_TRANSFER_BYTES;
    if (fifo && !xcvr) {
        snprintf(why, why_len, "%.*s needs a transceiver at this SPI clock", t->name_len, t->name);
        return -1;
    }
    rf_segment_t plan[MAX_TRANSFERS];
    const char *problem = NULL;
    int transfers = fifo ? 0 : rf_plan_transfers(t, factor, RF_SPI_MAX_TRANSFER_BYTES, plan, MAX_TRANSFERS, &problem);
    if (transfers < 0) {
        snprintf(why, why_len, "%.*s: %s", t->name_len, t->name, problem);
        return -1;
    }
    // Checked before anything is switched on (carrier, deviation, rate).
    rf_txn_t setup[RF_SETUP_MAX];
    int count = xcvr ? rf_transceiver_start(t->module, t, fifo, setup, why, why_len) : 0;
    if (count < 0)
        return -1;
    int result = 0;
    if (bus->has_enable)
        bus->set_enable(bus->ctx, 1);
    if (fifo) {
        from_fifo(bus, t, setup, count);
    } else {
        write_registers(bus, setup, count, true);
        if (bus->has_enable || count > 0)
            bus->sleep_ms(bus->ctx, RADIO_WAKE_MS);
        for (int i = 0; i < transfers && result == 0; i++) {
            rf_rasterise(t, factor, &plan[i], bus->scratch);
            if (bus->write(bus->ctx, t->chip_rate_hz * factor, bus->scratch, plan[i].bytes)) {
                snprintf(why, why_len, "%.*s: the SPI controller refused a transfer", t->name_len, t->name);
                result = -1;
            }
        }
    }
    if (xcvr)
        write_registers(bus, setup, rf_transceiver_stop(t->module, setup), true);
    if (bus->has_enable)
        bus->set_enable(bus->ctx, 0);
    return result;
}
