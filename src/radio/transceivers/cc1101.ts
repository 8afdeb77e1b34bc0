import { ChipTrain, MODULATION_OOK } from "../chip-train"
import { Band, Transceiver, bandProblem } from "./transceiver"

// TI CC1101 in asynchronous serial mode (datasheet SWRS061I, section 27.1): in TX the chip samples GDO0 eight
// times per programmed data-rate period and modulates the carrier with it; no FIFO, packet engine or sync word.
// FIFO mode: the packet engine with infinite length, no preamble or sync word (MDMCFG2 SYNC_MODE 0), no CRC: the
// TX FIFO's bits go out as they are at the data rate.
// Only registers that matter for transmitting are written; the others keep their reset values.
//
// SPI header byte: bit 7 read, bit 6 burst, bits 5..0 address; a command strobe is its address alone.

const XOSC_HZ = 26000000

const IOCFG0 = 0x02
const PKTCTRL0 = 0x08
const FREQ2 = 0x0d
const FREQ1 = 0x0e
const FREQ0 = 0x0f
const MDMCFG4 = 0x10
const MDMCFG3 = 0x11
const MDMCFG2 = 0x12
const DEVIATN = 0x15
const MCSM0 = 0x18
const FREND0 = 0x22
const FSCAL3 = 0x23
const FSCAL0 = 0x26
/** PATABLE (0x3E) with the burst bit: entries 0, 1, ... follow. */
const PATABLE_BURST = 0x7e
const STX = 0x35
const SIDLE = 0x36
const SPWD = 0x39
const SFTX = 0x3b
/** TXFIFO (0x3F) with the burst bit. */
const TXFIFO_BURST = 0x7f

/** GDO0_CFG 0x2E, high impedance: GDO0 shares its wire with SI, and in TX it is an input anyway (27.1). */
const GDO0_HIGH_IMPEDANCE = 0x2e
/** PKT_FORMAT 3 (asynchronous serial), no whitening, no CRC, LENGTH_CONFIG 2 (infinite). */
const ASYNC_SERIAL = 0x32
/** PKT_FORMAT 0 (normal mode: data from the TX FIFO), no whitening, no CRC, LENGTH_CONFIG 2 (infinite). */
const FIFO_INFINITE = 0x02
/** MDMCFG4 bits 7..4: the receive bandwidth, left at its reset value. */
const CHANBW_RESET = 0x80
/** MDMCFG2: MOD_FORMAT (bits 6..4) 0 = 2-FSK, 3 = ASK/OOK; no Manchester, no preamble or sync word. */
const MDMCFG2_2FSK = 0x00
const MDMCFG2_OOK = 0x30
/** FS_AUTOCAL 1: calibrate the synthesiser on every IDLE -> TX (the carrier may change); PO_TIMEOUT 2 (~150 us). */
const AUTOCAL_ON_TX = 0x18
/** FREND0: LODIV_BUF_CURRENT_TX at reset (1); PA_POWER 1 makes OOK switch between PATABLE[0] (0) and [1]. */
const FREND0_2FSK = 0x10
const FREND0_OOK = 0x11
/** Calibration settings the datasheet leaves to SmartRF Studio, which gives these in every band. */
const FSCAL3_SMARTRF = 0xe9
const FSCAL0_SMARTRF = 0x1f
/** About +10 dBm: the datasheet's PATABLE value for 10 dBm at 433 MHz (close to it in the other bands). */
const PA_10_DBM = 0xc0

export const CC1101_BANDS: Band[] = [
    { minHz: 300000000, maxHz: 348000000 },
    { minHz: 387000000, maxHz: 464000000 },
    { minHz: 779000000, maxHz: 928000000 },
]

/** FREQ2..0: f_carrier = f_XOSC / 2^16 * FREQ. */
export function cc1101FrequencyWord(carrierHz: number): number {
    return Math.round((carrierHz * 65536) / XOSC_HZ)
}

/** DEVIATN: f_dev = f_XOSC / 2^17 * (8 + M) * 2^E; the (E, M) nearest the deviation, as E << 4 | M. */
export function cc1101Deviatn(deviationHz: number): number {
    const step = XOSC_HZ / 131072
    if (deviationHz < step * 8 || deviationHz > step * 15 * 128)
        throw new RangeError("cc1101 cannot deviate by " + deviationHz + " Hz")
    let best = 0
    let bestError = deviationHz
    for (let e = 0; e < 8; e++) {
        const m = Math.min(7, Math.max(0, Math.round(deviationHz / (step * (1 << e))) - 8))
        const error = Math.abs(step * (8 + m) * (1 << e) - deviationHz)
        if (error < bestError) {
            best = (e << 4) | m
            bestError = error
        }
    }
    return best
}

/**
 * DRATE_E and DRATE_M for a data rate: R = (256 + M) * 2^E * f_XOSC / 2^28. Programmed at the chip rate, the chip
 * samples GDO0 eight times per chip, which is the datasheet's timing requirement for asynchronous data.
 */
export function cc1101DataRate(rateHz: number): { exponent: number; mantissa: number } {
    let scaled = (rateHz * 268435456) / XOSC_HZ // = (256 + M) * 2^E
    let exponent = 0
    while (scaled >= 512 && exponent < 15) {
        scaled /= 2
        exponent++
    }
    let mantissa = Math.round(scaled) - 256
    if (mantissa === 256 && exponent < 15) {
        mantissa = 0
        exponent++
    }
    if (mantissa < 0 || mantissa > 255) throw new RangeError("cc1101 cannot sample at " + rateHz + " Hz")
    return { exponent, mantissa }
}

function write(address: number, value: number): Buffer {
    return Buffer.from([address, value])
}

function strobe(command: number): Buffer {
    return Buffer.from([command])
}

export const CC1101: Transceiver = {
    name: "cc1101",
    carrierProblem: carrierHz => bandProblem("cc1101", CC1101_BANDS, carrierHz),
    startTx: (train: ChipTrain, fifo: boolean) => {
        const why = bandProblem("cc1101", CC1101_BANDS, train.carrierHz)
        if (why) throw new RangeError(why)
        const ook = train.modulation === MODULATION_OOK
        const freq = cc1101FrequencyWord(train.carrierHz)
        const rate = cc1101DataRate(train.chipRateHz)
        // IOCFG0 first: until then GDO0 drives its reset output (a clock) onto the shared data wire.
        const out = [
            write(IOCFG0, GDO0_HIGH_IMPEDANCE),
            write(PKTCTRL0, fifo ? FIFO_INFINITE : ASYNC_SERIAL),
            write(FREQ2, freq >> 16),
            write(FREQ1, (freq >> 8) & 0xff),
            write(FREQ0, freq & 0xff),
            write(MDMCFG4, CHANBW_RESET | rate.exponent),
            write(MDMCFG3, rate.mantissa),
            write(MDMCFG2, ook ? MDMCFG2_OOK : MDMCFG2_2FSK),
        ]
        if (!ook) out.push(write(DEVIATN, cc1101Deviatn(train.deviationHz)))
        out.push(write(MCSM0, AUTOCAL_ON_TX))
        out.push(write(FREND0, ook ? FREND0_OOK : FREND0_2FSK))
        out.push(write(FSCAL3, FSCAL3_SMARTRF))
        out.push(write(FSCAL0, FSCAL0_SMARTRF))
        // PATABLE is rewritten every time: SLEEP keeps only its first entry.
        out.push(ook ? Buffer.from([PATABLE_BURST, 0, PA_10_DBM]) : Buffer.from([PATABLE_BURST, PA_10_DBM]))
        out.push(strobe(STX))
        return out
    },
    fifoHeader: TXFIFO_BURST,
    // SFTX: a FIFO transmission ends in TX underflow, left only through IDLE and a flush. SLEEP is entered from IDLE,
    // once CSn goes high after SPWD; the next CSn low wakes the chip.
    stopTx: () => [strobe(SIDLE), strobe(SFTX), strobe(SPWD)],
}
