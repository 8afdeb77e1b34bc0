import { describe, test, expect } from "@devicescript/test"
import { ChipTrain } from "../../src/radio/chip-train"
import { encodeTransmission } from "../../src/radio/transmission"
import { CC1101, cc1101Deviatn } from "../../src/radio/transceivers/cc1101"
import { SX1278, sx1278DeviationWord } from "../../src/radio/transceivers/sx1278"
import { findTransceiver, moduleCarrierProblem } from "../../src/radio/transceivers/index"

// The SPI transactions that set a transceiver up. Every expected value is worked out by hand from the datasheet
// formulas (the arithmetic is in the comments), not taken from the code under test.

function train(protocol: string, carrierHz: number): ChipTrain {
    const t = encodeTransmission([{ protocol, systemId: 1, pager: 17, mode: "Flash30Sec", message: null }])
    if (carrierHz > 0) t.carrierHz = carrierHz
    return t
}

/** Transactions as hex, one space between chip-select periods. */
function hex(transactions: Buffer[]): string {
    return transactions.map(b => b.toString("hex")).join(" ")
}

function thrown(f: () => void): string {
    try {
        f()
    } catch (e) {
        return (e as Error).message
    }
    return "nothing thrown"
}

describe("cc1101 setup", () => {
    test("433.92 MHz OOK (retekess-t112, 9100 chips/s)", () => {
        expect(hex(CC1101.startTx(train("retekess-t112", 0), false))).toBe(
            "022e" + // IOCFG0: GDO0 high impedance
                " 0832" + // PKTCTRL0: asynchronous serial, infinite length, no CRC or whitening
                // 433920000 * 65536 / 26e6 = 1093745.4 -> 1093745 = 0x10B071
                " 0d10 0eb0 0f71" +
                // 9100 * 2^28 / 26e6 = 93952.3 = 367.0 * 2^8 -> DRATE_E 8, DRATE_M 367 - 256 = 111 = 0x6F
                " 1088 116f" +
                " 1230" + // MDMCFG2: MOD_FORMAT 3 (ASK/OOK) << 4
                " 1818" + // MCSM0: FS_AUTOCAL 1, PO_TIMEOUT 2
                " 2211" + // FREND0: PA_POWER 1
                " 23e9 261f" + // FSCAL3, FSCAL0
                " 7e00c0" + // PATABLE burst: [0] = 0 (off), [1] = 0xC0 (on)
                " 35" // STX
        )
    })
    test("433.92 MHz 2-FSK, 4.5 kHz deviation (pocsag1200 with radioCarrierHz 433920000)", () => {
        expect(hex(CC1101.startTx(train("pocsag1200", 433920000), false))).toBe(
            "022e 0832 0d10 0eb0 0f71" +
                // 1200 * 2^28 / 26e6 = 12389.3 = 387.2 * 2^5 -> DRATE_E 5, DRATE_M 131 = 0x83
                " 1085 1183" +
                " 1200" + // MDMCFG2: MOD_FORMAT 0 (2-FSK)
                // 4500 / (26e6 / 2^17 = 198.36) = 22.7 = (8 + 3.3) * 2^1 -> E 1, M 3: 4364 Hz
                // (M 4 gives 4761 Hz, farther)
                " 1513" +
                " 1818 2210 23e9 261f" + // FREND0 PA_POWER 0
                " 7ec0 35"
        )
    })
    test("446.15625 MHz 2-FSK, 3.5 kHz deviation (lrs, 622 chips/s)", () => {
        expect(hex(CC1101.startTx(train("lrs", 446156250), false))).toBe(
            // 446156250 * 65536 / 26e6 = 1124588.3 -> 0x1128EC
            "022e 0832 0d11 0e28 0fec" +
                // 622 * 2^28 / 26e6 = 6421.8 = 401.4 * 2^4 -> DRATE_E 4, DRATE_M 145 = 0x91
                " 1084 1191 1200" +
                // 3500 / 198.36 = 17.6 = (8 + 0.8) * 2^1 -> E 1, M 1 (3571 Hz)
                " 1511" +
                " 1818 2210 23e9 261f 7ec0 35"
        )
    })
    test("FIFO mode (pocsag1200 at 433.92 MHz): the packet engine, infinite length, data from the TX FIFO", () => {
        expect(hex(CC1101.startTx(train("pocsag1200", 433920000), true))).toBe(
            "022e 0802" + // PKTCTRL0: PKT_FORMAT 0 (normal: TX FIFO), no CRC or whitening, LENGTH_CONFIG 2 (infinite)
                " 0d10 0eb0 0f71 1085 1183" + // the same carrier and data rate: now the rate the chip sends at
                " 1200" + // MDMCFG2: 2-FSK, SYNC_MODE 0: no preamble or sync word
                " 1513 1818 2210 23e9 261f 7ec0 35"
        )
        expect(CC1101.fifoHeader).toBe(0x7f) // burst bit 0x40 | TXFIFO 0x3F
    })
    test("back to IDLE, then SLEEP", () => {
        expect(hex(CC1101.stopTx())).toBe("36 3b 39") // SIDLE, SFTX (flush the TX FIFO), SPWD
    })
    test("467.75 MHz (the lrs and pocsag default) is outside its bands: refused", () => {
        const why = "cc1101 cannot send on 467750000 Hz; its bands are 300-348, 387-464, 779-928 MHz"
        expect(CC1101.carrierProblem(467750000)).toBe(why)
        expect(thrown(() => CC1101.startTx(train("pocsag1200", 0), false))).toBe(why)
        expect(thrown(() => CC1101.startTx(train("retekess-t112", 348000001), false))).toBe(
            "cc1101 cannot send on 348000001 Hz; its bands are 300-348, 387-464, 779-928 MHz"
        )
        expect(CC1101.carrierProblem(464000000)).toBe(null)
        expect(CC1101.carrierProblem(779000000)).toBe(null)
        expect(CC1101.carrierProblem(928000001) === null).toBe(false)
    })
    test("deviation: nearest exponent/mantissa, refused beyond 1587 Hz .. 381 kHz", () => {
        expect(cc1101Deviatn(2380)).toBe(0x04) // 26e6 / 2^17 * (8 + 4) * 2^0 = 2380.4 Hz
        expect(cc1101Deviatn(47600)).toBe(0x47) // 198.36 * (8 + 7) * 2^4 = 47607 Hz, the reset value
        expect(thrown(() => cc1101Deviatn(1000))).toBe("cc1101 cannot deviate by 1000 Hz")
        expect(thrown(() => cc1101Deviatn(400000))).toBe("cc1101 cannot deviate by 400000 Hz")
    })
})

describe("sx1278 setup", () => {
    test("433.92 MHz OOK (retekess-t112)", () => {
        expect(hex(SX1278.startTx(train("retekess-t112", 0), false))).toBe(
            "8108" + // RegOpMode (0x01 | write bit 0x80): FSK, LowFrequencyModeOn, sleep
                " 8128" + // RegOpMode: OOK (ModulationType 1 << 5), sleep
                " b100" + // RegPacketConfig2 (0x31): continuous mode
                " c000" + // RegDioMapping1 (0x40): DIO2 = data
                " 8a09" + // RegPaRamp: no shaping
                // 433920000 * 2^19 / 32e6 = 7109345.28 -> 7109345 = 0x6C7AE1
                " 866c 877a 88e1" +
                " 89c8" + // RegPaConfig: PA_BOOST, MaxPower 4, OutputPower 8 -> 17 - (15 - 8) = 10 dBm
                " 812b" // RegOpMode: OOK, TX
        )
    })
    test("467.75 MHz 2-FSK, POCSAG 4.5 kHz deviation (pocsag1200)", () => {
        expect(hex(SX1278.startTx(train("pocsag1200", 0), false))).toBe(
            "8108 8108 b100 c000 8a09" +
                // 4500 * 2^19 / 32e6 = 73.73 -> 74 = 0x004A (4517 Hz)
                " 8400 854a" +
                // 467750000 * 2^19 / 32e6 = 7663616 exactly = 0x74F000
                " 8674 87f0 8800" +
                " 89c8 810b" // RegOpMode: FSK, TX
        )
    })
    test("back to sleep", () => {
        expect(hex(SX1278.stopTx())).toBe("8108")
    })
    test("FIFO mode (pocsag1200): packet mode, unlimited length, no preamble, sync word or CRC, 1200 bit/s", () => {
        expect(hex(SX1278.startTx(train("pocsag1200", 0), true))).toBe(
            "8108 8108 b140" + // RegPacketConfig2: DataMode 1 (packet)
                " c000 8a09 8400 854a 8674 87f0 8800 89c8" +
                " b000 b200" + // RegPacketConfig1: fixed format, no CRC; RegPayloadLength 0: unlimited
                " a500 a600 a700" + // no preamble, no sync word
                " b580" + // RegFifoThresh: TxStartCondition = FIFO not empty
                // 32e6 / 1200 = 26666.67 = 26666 + 11/16: RegBitrate 0x682A, RegBitrateFrac 0xB (1200.0 bit/s)
                " 8268 832a dd0b" +
                " 8109 810b" // standby (the FIFO is filled here), then TX
        )
        expect(SX1278.fifoHeader).toBe(0x80) // write bit | RegFifo (0x00)
    })
    test("137 to 525 MHz; deviation 600 Hz to 200 kHz", () => {
        expect(SX1278.carrierProblem(137000000)).toBe(null)
        expect(SX1278.carrierProblem(525000000)).toBe(null)
        expect(SX1278.carrierProblem(868000000)).toBe("sx1278 cannot send on 868000000 Hz; its bands are 137-525 MHz")
        expect(thrown(() => SX1278.startTx(train("retekess-t112", 525000001), false))).toBe(
            "sx1278 cannot send on 525000001 Hz; its bands are 137-525 MHz"
        )
        expect(sx1278DeviationWord(3500)).toBe(57) // 3500 * 2^19 / 32e6 = 57.34
        expect(thrown(() => sx1278DeviationWord(500))).toBe("sx1278 cannot deviate by 500 Hz")
    })
})

describe("radio modules", () => {
    test("ook needs no setup and takes any carrier; cc1101 and sx1278 are found by name", () => {
        expect(findTransceiver("ook")).toBe(null)
        expect(findTransceiver("cc1101").name).toBe("cc1101")
        expect(findTransceiver("sx1278").name).toBe("sx1278")
        expect(moduleCarrierProblem("ook", 467750000)).toBe(null)
        expect(moduleCarrierProblem("cc1101", 446156250)).toBe(null)
        expect(moduleCarrierProblem("sx1278", 467750000)).toBe(null)
        expect(moduleCarrierProblem("cc1101", 467750000) === null).toBe(false)
    })
})
