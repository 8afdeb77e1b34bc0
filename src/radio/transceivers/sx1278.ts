import { ChipTrain, MODULATION_OOK } from "../chip-train"
import { Band, Transceiver, bandProblem } from "./transceiver"

// Semtech SX1278 (datasheet SX1276/77/78/79) in FSK/OOK continuous mode: in TX the modulator takes DIO2
// asynchronously (no bit-rate register involved as long as there is no Gaussian shaping). OOK: DIO2 high = carrier
// on; 2-FSK: DIO2 high = carrier + Fdev. Only registers that matter for transmitting are written.
// FIFO mode: packet mode with unlimited length (fixed format, PayloadLength 0), no preamble, sync word or CRC, sending
// from a non-empty FIFO at the bit rate; the FIFO survives standby, so it is filled there before TX.
//
// SPI: a write is the address with bit 7 set, then the value.

const FXOSC_HZ = 32000000
const WRITE = 0x80

const REG_FIFO = 0x00
const REG_OP_MODE = 0x01
const REG_BITRATE_MSB = 0x02
const REG_BITRATE_LSB = 0x03
const REG_FDEV_MSB = 0x04
const REG_FDEV_LSB = 0x05
const REG_FRF_MSB = 0x06
const REG_FRF_MID = 0x07
const REG_FRF_LSB = 0x08
const REG_PA_CONFIG = 0x09
const REG_PA_RAMP = 0x0a
const REG_PREAMBLE_MSB = 0x25
const REG_PREAMBLE_LSB = 0x26
const REG_SYNC_CONFIG = 0x27
const REG_PACKET_CONFIG_1 = 0x30
const REG_PACKET_CONFIG_2 = 0x31
const REG_PAYLOAD_LENGTH = 0x32
const REG_FIFO_THRESH = 0x35
const REG_BITRATE_FRAC = 0x5d
const REG_DIO_MAPPING_1 = 0x40

/** RegOpMode: LongRangeMode (bit 7) 0 = FSK/OOK; ModulationType (bits 6..5); LowFrequencyModeOn (bit 3) as at reset. */
const OP_FSK = 0x08
const OP_OOK = 0x28
const MODE_SLEEP = 0
const MODE_STANDBY = 1
const MODE_TX = 3
/** RegPaConfig: PA_BOOST (the only PA output most SX1278 modules, e.g. Ra-02, wire), Pout = 17 - (15 - 8) = +10 dBm. */
const PA_BOOST_10_DBM = 0xc8
/** RegPaRamp at reset: no modulation shaping (shaping would sample DIO2 on DCLK instead), 40 us FSK ramp. */
const NO_SHAPING = 0x09
/** RegPacketConfig2: DataMode 0 = continuous, no io-homecontrol, no beacon. */
const CONTINUOUS_MODE = 0x00
/** RegPacketConfig2: DataMode 1 = packet; RegFifoThresh: TxStartCondition 1 = FIFO not empty. */
const PACKET_MODE = 0x40
const TX_START_FIFO_NOT_EMPTY = 0x80
/** RegDioMapping1 with DIO2 mapping 0: DIO2 is the data pin in continuous mode. */
const DIO2_DATA = 0x00
/** Frequency deviation range of the FSK modulator (datasheet FDA). */
const FDEV_MIN_HZ = 600
const FDEV_MAX_HZ = 200000

export const SX1278_BANDS: Band[] = [{ minHz: 137000000, maxHz: 525000000 }]

/** RegFrf: Frf = f_carrier * 2^19 / FXOSC (Fstep = 61.035 Hz). */
export function sx1278FrequencyWord(carrierHz: number): number {
    return Math.round((carrierHz * 524288) / FXOSC_HZ)
}

/** RegFdev: Fdev = deviation * 2^19 / FXOSC. */
export function sx1278DeviationWord(deviationHz: number): number {
    if (deviationHz < FDEV_MIN_HZ || deviationHz > FDEV_MAX_HZ)
        throw new RangeError("sx1278 cannot deviate by " + deviationHz + " Hz")
    return Math.round((deviationHz * 524288) / FXOSC_HZ)
}

/** RegBitrate and RegBitrateFrac: bit rate = FXOSC / (BitRate + BitRateFrac / 16), as 16 * FXOSC / rate. */
export function sx1278BitrateSixteenths(rateHz: number): number {
    const v = Math.round((16 * FXOSC_HZ) / rateHz)
    if (v > 0xfffff) throw new RangeError("sx1278 cannot send at " + rateHz + " Hz")
    return v
}

function write(address: number, value: number): Buffer {
    return Buffer.from([address | WRITE, value])
}

export const SX1278: Transceiver = {
    name: "sx1278",
    carrierProblem: carrierHz => bandProblem("sx1278", SX1278_BANDS, carrierHz),
    startTx: (train: ChipTrain, fifo: boolean) => {
        const why = bandProblem("sx1278", SX1278_BANDS, train.carrierHz)
        if (why) throw new RangeError(why)
        const op = train.modulation === MODULATION_OOK ? OP_OOK : OP_FSK
        const frf = sx1278FrequencyWord(train.carrierHz)
        // LongRangeMode changes only in sleep: the first write puts a chip left in LoRa mode to sleep (0x08 sets no
        // bit LoRa mode reserves), the second then switches it to FSK/OOK.
        const out = [
            write(REG_OP_MODE, OP_FSK | MODE_SLEEP),
            write(REG_OP_MODE, op | MODE_SLEEP),
            write(REG_PACKET_CONFIG_2, fifo ? PACKET_MODE : CONTINUOUS_MODE),
            write(REG_DIO_MAPPING_1, DIO2_DATA),
            write(REG_PA_RAMP, NO_SHAPING),
        ]
        if (op === OP_FSK) {
            const fdev = sx1278DeviationWord(train.deviationHz)
            out.push(write(REG_FDEV_MSB, fdev >> 8))
            out.push(write(REG_FDEV_LSB, fdev & 0xff))
        }
        // Frf takes effect when the synthesiser starts, on the way into TX.
        out.push(write(REG_FRF_MSB, frf >> 16))
        out.push(write(REG_FRF_MID, (frf >> 8) & 0xff))
        out.push(write(REG_FRF_LSB, frf & 0xff))
        out.push(write(REG_PA_CONFIG, PA_BOOST_10_DBM))
        if (fifo) {
            const rate = sx1278BitrateSixteenths(train.chipRateHz)
            // Packet format fixed, no DC-free coding, no CRC; with PayloadLength 0 the length is unlimited.
            for (const reg of [
                REG_PACKET_CONFIG_1,
                REG_PAYLOAD_LENGTH,
                REG_PREAMBLE_MSB,
                REG_PREAMBLE_LSB,
                REG_SYNC_CONFIG,
            ])
                out.push(write(reg, 0))
            out.push(write(REG_FIFO_THRESH, TX_START_FIFO_NOT_EMPTY))
            out.push(write(REG_BITRATE_MSB, rate >> 12))
            out.push(write(REG_BITRATE_LSB, (rate >> 4) & 0xff))
            out.push(write(REG_BITRATE_FRAC, rate & 15))
            out.push(write(REG_OP_MODE, op | MODE_STANDBY))
        }
        out.push(write(REG_OP_MODE, op | MODE_TX))
        return out
    },
    fifoHeader: REG_FIFO | WRITE,
    stopTx: () => [write(REG_OP_MODE, OP_FSK | MODE_SLEEP)],
}
