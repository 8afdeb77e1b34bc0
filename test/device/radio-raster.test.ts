import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { ChipTrain, MODULATION_FSK, MODULATION_OOK, chipAt } from "../../src/radio/chip-train"
import { encodeTransmission } from "../../src/radio/transmission"
import { SpiSegment, planSpiTransfers, rasteriseSegment, spiClockFactor } from "../../src/radio/spi-raster"

// Chips -> SPI bytes must give the chips back exactly: each chip as `factor` equal MOSI bits,
// splits only where the carrier is off, the line low at the end.

function td157(): ChipTrain {
    return encodeTransmission([
        { protocol: "retekess-td157", systemId: 100, pager: 23, mode: "Flash30Sec", message: null },
    ])
}

function bit(buf: Buffer, i: number) {
    return (buf[i >> 3] >> (7 - (i & 7))) & 1
}

/** Rebuilds the chips from the transfers; throws on any mismatch. Yields between transfers. */
async function roundTrip(train: ChipTrain, factor: number, maxBytes: number) {
    const plan = planSpiTransfers(train, factor, maxBytes)
    let chip = 0
    for (let s = 0; s < plan.length; s++) {
        const seg: SpiSegment = plan[s]
        const bytes = await rasteriseSegment(train, factor, seg)
        if (bytes.length > maxBytes) throw new Error("transfer of " + bytes.length + " bytes")
        if (seg.firstChip !== chip) throw new Error("segments leave a hole at chip " + chip)
        if (s > 0 && (chipAt(train.chips, chip - 1) || chipAt(train.chips, chip)))
            throw new Error("split while the carrier is on")
        for (let i = 0; i < seg.chipCount; i++) {
            if ((i & 255) === 255) await ds.sleep(0)
            const want = chipAt(train.chips, chip + i)
            for (let k = 0; k < factor; k++) {
                if (bit(bytes, i * factor + k) !== want) throw new Error("chip " + (chip + i) + " sub-bit " + k)
            }
        }
        for (let i = seg.chipCount * factor; i < bytes.length * 8; i++) {
            if (bit(bytes, i)) throw new Error("padding not low after chip " + (chip + seg.chipCount))
        }
        if (s === plan.length - 1 && seg.chipCount * factor >= bytes.length * 8) throw new Error("line not left low")
        chip += seg.chipCount
        await ds.sleep(0)
    }
    if (chip !== train.chipCount) throw new Error("covered " + chip + " of " + train.chipCount + " chips")
    return plan.length
}

describe("spi rasteriser", () => {
    test("clock factor: 1 when the chip rate reaches the SPI minimum, else the next integer above", () => {
        expect(spiClockFactor(512, 160)).toBe(1)
        expect(spiClockFactor(9100, 78200)).toBe(9) // 81 900 Hz
        expect(spiClockFactor(512, 78200)).toBe(153) // 78 336 Hz
    })
    test("one transfer when it fits: TD157 round trip at factor 1", async () => {
        expect(await roundTrip(td157(), 1, 4096)).toBe(1)
    })
    test("split into small transfers only inside the guard gaps, exact round trip at factor 1 and 3", async () => {
        const t = td157() // 10 frames of 127 chips: 1270 chips = 159 bytes
        expect((await roundTrip(t, 1, 24)) > 6).toBe(true)
        expect((await roundTrip(t, 3, 64)) > 6).toBe(true)
    })
    test("factor 9 (ESP32-C3 minimum clock for T112) round trip, two transfers of at most 4096 bytes", async () => {
        const t = encodeTransmission([
            { protocol: "retekess-t112", systemId: 8191, pager: 0, mode: "Flash30Sec", message: null },
        ])
        expect(await roundTrip(t, 9, 4096)).toBe(2) // 4188 chips x 9 = 4712 bytes
    })
    test("a 2-FSK train that needs a split is refused (no silence in FSK)", () => {
        const chips = Buffer.alloc(600)
        const fsk: ChipTrain = {
            protocol: "x",
            modulation: MODULATION_FSK,
            carrierHz: 1,
            deviationHz: 4500,
            chipRateHz: 1200,
            chips,
            chipCount: 4800,
        }
        expect(() => planSpiTransfers(fsk, 1, 512)).toThrow()
        const ook: ChipTrain = {
            protocol: "x",
            modulation: MODULATION_OOK,
            carrierHz: 1,
            deviationHz: 0,
            chipRateHz: 1200,
            chips,
            chipCount: 4800,
        }
        expect(planSpiTransfers(ook, 1, 512).length).toBe(2)
    })
    test("an OOK train without a long enough gap before the limit is refused", () => {
        const chips = Buffer.alloc(100)
        chips.fillAt(0, 100, 0x88) // pulses every 4 chips: never 16 chips off
        const t: ChipTrain = {
            protocol: "x",
            modulation: MODULATION_OOK,
            carrierHz: 1,
            deviationHz: 0,
            chipRateHz: 1000,
            chips,
            chipCount: 800,
        }
        expect(() => planSpiTransfers(t, 1, 50)).toThrow()
    })
})
