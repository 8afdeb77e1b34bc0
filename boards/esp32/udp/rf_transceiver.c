#include "rf_transceiver.h"

#include <math.h>
#include <stdio.h>

// --- TI CC1101 (datasheet SWRS061I) in asynchronous serial mode (27.1): in TX the chip samples GDO0 eight times
// per programmed data-rate period. FIFO mode: the packet engine with infinite length, no preamble, sync word or CRC.
// Only registers that matter for transmitting are written. SPI header byte: bit 7 read, bit 6 burst, bits 5..0 the
// address; a command strobe is its address alone.

#define CC_XOSC_HZ 26000000.0
#define CC_IOCFG0 0x02
#define CC_PKTCTRL0 0x08
#define CC_FREQ2 0x0d
#define CC_FREQ1 0x0e
#define CC_FREQ0 0x0f
#define CC_MDMCFG4 0x10
#define CC_MDMCFG3 0x11
#define CC_MDMCFG2 0x12
#define CC_DEVIATN 0x15
#define CC_MCSM0 0x18
#define CC_FREND0 0x22
#define CC_FSCAL3 0x23
#define CC_FSCAL0 0x26
#define CC_PATABLE_BURST 0x7e // PATABLE (0x3E) with the burst bit: entries 0, 1, ... follow
#define CC_STX 0x35
#define CC_SIDLE 0x36
#define CC_SPWD 0x39
#define CC_SFTX 0x3b
#define CC_TXFIFO_BURST 0x7f
#define CC_GDO0_HIGH_IMPEDANCE 0x2e // GDO0 shares its wire with SI, and in TX it is an input anyway (27.1)
#define CC_ASYNC_SERIAL 0x32        // PKT_FORMAT 3, no whitening, no CRC, LENGTH_CONFIG 2 (infinite)
#define CC_FIFO_INFINITE 0x02       // PKT_FORMAT 0 (data from the TX FIFO), LENGTH_CONFIG 2
#define CC_CHANBW_RESET 0x80        // MDMCFG4 bits 7..4, the receive bandwidth, at reset
#define CC_MDMCFG2_2FSK 0x00        // MOD_FORMAT 0; no Manchester, preamble or sync word
#define CC_MDMCFG2_OOK 0x30         // MOD_FORMAT 3 (ASK/OOK)
#define CC_AUTOCAL_ON_TX 0x18       // FS_AUTOCAL 1 (the carrier may change), PO_TIMEOUT 2 (~150 us)
#define CC_FREND0_2FSK 0x10         // LODIV_BUF_CURRENT_TX at reset
#define CC_FREND0_OOK 0x11          // PA_POWER 1: OOK switches between PATABLE[0] (0) and [1]
#define CC_FSCAL3_SMARTRF 0xe9      // calibration values SmartRF Studio gives in every band
#define CC_FSCAL0_SMARTRF 0x1f
#define CC_PA_10_DBM 0xc0 // the datasheet's PATABLE value for 10 dBm at 433 MHz

// --- Semtech SX1278 (datasheet SX1276/77/78/79) in FSK/OOK continuous mode: the modulator takes DIO2
// asynchronously (no bit-rate register involved without Gaussian shaping). FIFO mode: packet mode with unlimited
// length, no preamble, sync word or CRC, sending from a non-empty FIFO at the bit rate. A write is the address with
// bit 7 set, then the value.

#define SX_FXOSC_HZ 32000000.0
#define SX_WRITE 0x80
#define SX_FIFO 0x00
#define SX_OP_MODE 0x01
#define SX_BITRATE_MSB 0x02
#define SX_BITRATE_LSB 0x03
#define SX_FDEV_MSB 0x04
#define SX_FDEV_LSB 0x05
#define SX_FRF_MSB 0x06
#define SX_FRF_MID 0x07
#define SX_FRF_LSB 0x08
#define SX_PA_CONFIG 0x09
#define SX_PA_RAMP 0x0a
#define SX_PREAMBLE_MSB 0x25
#define SX_PREAMBLE_LSB 0x26
#define SX_SYNC_CONFIG 0x27
#define SX_PACKET_CONFIG_1 0x30
#define SX_PACKET_CONFIG_2 0x31
#define SX_PAYLOAD_LENGTH 0x32
#define SX_FIFO_THRESH 0x35
#define SX_DIO_MAPPING_1 0x40
#define SX_BITRATE_FRAC 0x5d
#define SX_OP_FSK 0x08 // LongRangeMode 0, ModulationType 0, LowFrequencyModeOn as at reset
#define SX_OP_OOK 0x28 // ModulationType 1
#define SX_MODE_SLEEP 0
#define SX_MODE_STANDBY 1
#define SX_MODE_TX 3
#define SX_PA_BOOST_10_DBM 0xc8 // PA_BOOST (what most modules wire), Pout = 17 - (15 - 8) = +10 dBm
#define SX_NO_SHAPING 0x09      // RegPaRamp at reset: no shaping (it would sample DIO2 on DCLK), 40 us ramp
#define SX_CONTINUOUS_MODE 0x00 // RegPacketConfig2 DataMode 0
#define SX_PACKET_MODE 0x40     // RegPacketConfig2 DataMode 1
#define SX_TX_START_FIFO_NOT_EMPTY 0x80
#define SX_DIO2_DATA 0x00
#define SX_FDEV_MIN_HZ 600
#define SX_FDEV_MAX_HZ 200000

// Bands in MHz, inclusive.
typedef struct {
    uint16_t min_mhz, max_mhz;
} band_t;
static const band_t cc1101_bands[] = {{300, 348}, {387, 464}, {779, 928}};
static const band_t sx1278_bands[] = {{137, 525}};

// JavaScript's Math.round, which the expected values of the tests were worked out with.
static double js_round(double x) {
    return floor(x + 0.5);
}

static void put(rf_txn_t *out, int *n, uint8_t a, uint8_t b) {
    out[*n].len = 2;
    out[*n].bytes[0] = a;
    out[*n].bytes[1] = b;
    (*n)++;
}

static void strobe(rf_txn_t *out, int *n, uint8_t command) {
    out[*n].len = 1;
    out[*n].bytes[0] = command;
    (*n)++;
}

// 0 when the chip tunes to the carrier; else -1 and why not.
static int band_check(const char *name, const band_t *bands, int count, uint32_t hz, char *why, size_t why_len) {
    for (int i = 0; i < count; i++)
        if (hz >= bands[i].min_mhz * 1000000u && hz <= bands[i].max_mhz * 1000000u)
            return 0;
    int at = snprintf(why, why_len, "%s cannot send on %lu Hz; its bands are ", name, (unsigned long)hz);
    for (int i = 0; i < count && at > 0 && (size_t)at < why_len; i++)
        at += snprintf(why + at, why_len - at, "%s%u-%u", i ? ", " : "", bands[i].min_mhz, bands[i].max_mhz);
    if (at > 0 && (size_t)at < why_len)
        snprintf(why + at, why_len - at, " MHz");
    return -1;
}

// DEVIATN: f_dev = f_XOSC / 2^17 * (8 + M) * 2^E; the (E, M) nearest the deviation, as E << 4 | M; -1 out of range.
static int cc1101_deviatn(uint32_t deviation_hz) {
    double step = CC_XOSC_HZ / 131072;
    if (deviation_hz < step * 8 || deviation_hz > step * 15 * 128)
        return -1;
    int best = 0;
    double best_error = deviation_hz;
    for (int e = 0; e < 8; e++) {
        double m = js_round(deviation_hz / (step * (1 << e))) - 8;
        m = m < 0 ? 0 : m > 7 ? 7 : m;
        double error = fabs(step * (8 + m) * (1 << e) - deviation_hz);
        if (error < best_error) {
            best = (e << 4) | (int)m;
            best_error = error;
        }
    }
    return best;
}

static int cc1101_start(const rf_train_t *t, bool fifo, rf_txn_t *out, char *why, size_t why_len) {
    if (band_check("cc1101", cc1101_bands, 3, t->carrier_hz, why, why_len))
        return -1;
    bool ook = t->modulation == RF_OOK;
    uint32_t freq = (uint32_t)js_round(t->carrier_hz * 65536.0 / CC_XOSC_HZ); // f = f_XOSC / 2^16 * FREQ
    // Data rate R = (256 + M) * 2^E * f_XOSC / 2^28, programmed at the chip rate: the chip then samples GDO0 eight
    // times per chip, the datasheet's timing requirement for asynchronous data.
    double scaled = t->chip_rate_hz * 268435456.0 / CC_XOSC_HZ;
    int exponent = 0;
    while (scaled >= 512 && exponent < 15)
        scaled /= 2, exponent++;
    int mantissa = (int)js_round(scaled) - 256;
    if (mantissa == 256 && exponent < 15)
        mantissa = 0, exponent++;
    if (mantissa < 0 || mantissa > 255) {
        snprintf(why, why_len, "cc1101 cannot sample at %lu Hz", (unsigned long)t->chip_rate_hz);
        return -1;
    }
    int deviatn = ook ? 0 : cc1101_deviatn(t->deviation_hz);
    if (deviatn < 0) {
        snprintf(why, why_len, "cc1101 cannot deviate by %lu Hz", (unsigned long)t->deviation_hz);
        return -1;
    }
    int n = 0;
    // IOCFG0 first: until then GDO0 drives its reset output (a clock) onto the shared data wire.
    put(out, &n, CC_IOCFG0, CC_GDO0_HIGH_IMPEDANCE);
    put(out, &n, CC_PKTCTRL0, fifo ? CC_FIFO_INFINITE : CC_ASYNC_SERIAL);
    put(out, &n, CC_FREQ2, freq >> 16);
    put(out, &n, CC_FREQ1, (freq >> 8) & 0xff);
    put(out, &n, CC_FREQ0, freq & 0xff);
    put(out, &n, CC_MDMCFG4, CC_CHANBW_RESET | exponent);
    put(out, &n, CC_MDMCFG3, mantissa);
    put(out, &n, CC_MDMCFG2, ook ? CC_MDMCFG2_OOK : CC_MDMCFG2_2FSK);
    if (!ook)
        put(out, &n, CC_DEVIATN, deviatn);
    put(out, &n, CC_MCSM0, CC_AUTOCAL_ON_TX);
    put(out, &n, CC_FREND0, ook ? CC_FREND0_OOK : CC_FREND0_2FSK);
    put(out, &n, CC_FSCAL3, CC_FSCAL3_SMARTRF);
    put(out, &n, CC_FSCAL0, CC_FSCAL0_SMARTRF);
    // PATABLE is written every time: SLEEP keeps only its first entry.
    put(out, &n, CC_PATABLE_BURST, ook ? 0 : CC_PA_10_DBM);
    if (ook)
        out[n - 1].bytes[out[n - 1].len++] = CC_PA_10_DBM;
    strobe(out, &n, CC_STX);
    return n;
}

static int sx1278_start(const rf_train_t *t, bool fifo, rf_txn_t *out, char *why, size_t why_len) {
    if (band_check("sx1278", sx1278_bands, 1, t->carrier_hz, why, why_len))
        return -1;
    uint8_t op = t->modulation == RF_OOK ? SX_OP_OOK : SX_OP_FSK;
    uint32_t frf = (uint32_t)js_round(t->carrier_hz * 524288.0 / SX_FXOSC_HZ); // Fstep = 61.035 Hz
    int n = 0;
    // LongRangeMode changes only in sleep: the first write puts a chip left in LoRa mode to sleep (0x08 sets no bit
    // LoRa mode reserves), the second then switches it to FSK/OOK.
    put(out, &n, SX_OP_MODE | SX_WRITE, SX_OP_FSK | SX_MODE_SLEEP);
    put(out, &n, SX_OP_MODE | SX_WRITE, op | SX_MODE_SLEEP);
    put(out, &n, SX_PACKET_CONFIG_2 | SX_WRITE, fifo ? SX_PACKET_MODE : SX_CONTINUOUS_MODE);
    put(out, &n, SX_DIO_MAPPING_1 | SX_WRITE, SX_DIO2_DATA);
    put(out, &n, SX_PA_RAMP | SX_WRITE, SX_NO_SHAPING);
    if (op == SX_OP_FSK) {
        if (t->deviation_hz < SX_FDEV_MIN_HZ || t->deviation_hz > SX_FDEV_MAX_HZ) {
            snprintf(why, why_len, "sx1278 cannot deviate by %lu Hz", (unsigned long)t->deviation_hz);
            return -1;
        }
        uint32_t fdev = (uint32_t)js_round(t->deviation_hz * 524288.0 / SX_FXOSC_HZ);
        put(out, &n, SX_FDEV_MSB | SX_WRITE, fdev >> 8);
        put(out, &n, SX_FDEV_LSB | SX_WRITE, fdev & 0xff);
    }
    // Frf takes effect when the synthesiser starts, on the way into TX.
    put(out, &n, SX_FRF_MSB | SX_WRITE, frf >> 16);
    put(out, &n, SX_FRF_MID | SX_WRITE, (frf >> 8) & 0xff);
    put(out, &n, SX_FRF_LSB | SX_WRITE, frf & 0xff);
    put(out, &n, SX_PA_CONFIG | SX_WRITE, SX_PA_BOOST_10_DBM);
    if (fifo) {
        // Bit rate = FXOSC / (BitRate + BitRateFrac / 16), as 16 * FXOSC / rate.
        double rate = js_round(16 * SX_FXOSC_HZ / t->chip_rate_hz);
        if (rate > 0xfffff) {
            snprintf(why, why_len, "sx1278 cannot send at %lu Hz", (unsigned long)t->chip_rate_hz);
            return -1;
        }
        uint32_t r = (uint32_t)rate;
        // Packet format fixed, no DC-free coding, no CRC; with PayloadLength 0 the length is unlimited.
        static const uint8_t zeroed[] = {SX_PACKET_CONFIG_1, SX_PAYLOAD_LENGTH, SX_PREAMBLE_MSB, SX_PREAMBLE_LSB,
                                         SX_SYNC_CONFIG};
        for (unsigned i = 0; i < sizeof zeroed; i++)
            put(out, &n, zeroed[i] | SX_WRITE, 0);
        put(out, &n, SX_FIFO_THRESH | SX_WRITE, SX_TX_START_FIFO_NOT_EMPTY);
        put(out, &n, SX_BITRATE_MSB | SX_WRITE, r >> 12);
        put(out, &n, SX_BITRATE_LSB | SX_WRITE, (r >> 4) & 0xff);
        put(out, &n, SX_BITRATE_FRAC | SX_WRITE, r & 15);
        // Standby keeps the FIFO, which is filled there before TX.
        put(out, &n, SX_OP_MODE | SX_WRITE, op | SX_MODE_STANDBY);
    }
    put(out, &n, SX_OP_MODE | SX_WRITE, op | SX_MODE_TX);
    return n;
}

int rf_transceiver_start(uint8_t module, const rf_train_t *t, bool fifo, rf_txn_t *out, char *why, size_t why_len) {
    if (module == RF_MODULE_CC1101)
        return cc1101_start(t, fifo, out, why, why_len);
    if (module == RF_MODULE_SX1278)
        return sx1278_start(t, fifo, out, why, why_len);
    snprintf(why, why_len, "module %u is no transceiver", module);
    return -1;
}

int rf_transceiver_stop(uint8_t module, rf_txn_t *out) {
    int n = 0;
    if (module == RF_MODULE_CC1101) {
        // SFTX: a FIFO transmission ends in TX underflow, left only through IDLE and a flush. SLEEP is entered from
        // IDLE once CSn goes high after SPWD; the next CSn low wakes the chip.
        strobe(out, &n, CC_SIDLE);
        strobe(out, &n, CC_SFTX);
        strobe(out, &n, CC_SPWD);
    } else if (module == RF_MODULE_SX1278) {
        put(out, &n, SX_OP_MODE | SX_WRITE, SX_OP_FSK | SX_MODE_SLEEP);
    }
    return n;
}

uint8_t rf_transceiver_fifo_header(uint8_t module) {
    return module == RF_MODULE_CC1101 ? CC_TXFIFO_BURST : SX_FIFO | SX_WRITE;
}
