import * as ds from "@devicescript/core"
import { ChipTrain, MODULATION_OOK } from "./chip-train"
import { ChipWriter } from "./chip-writer"
import { RASTER_BYTES_PER_SLICE } from "../limits"

// Chips -> ESP32 SPI MOSI bytes (MOSI = radio DATA, MSB first), `factor` SPI bits per chip at
// clock chipRate * factor. A transfer holds at most maxBytes. The line pauses, at an undefined
// level, between transfers, so a long train is split only inside OOK silence: at a chip-byte
// boundary with a zero chip byte on each side (16+ chips off, while no data symbol here stays
// off for more than 9 chips). 2-FSK has no silence and must fit one transfer. The last transfer
// ends with at least one low bit, so the line is left low.

export interface SpiSegment {
    firstChip: number
    chipCount: number
    bytes: number
}

/** Smallest integer factor that puts the SPI clock at or above the controller's minimum. */
export function spiClockFactor(chipRateHz: number, minClockHz: number): number {
    return chipRateHz >= minClockHz ? 1 : Math.ceil(minClockHz / chipRateHz)
}

export function planSpiTransfers(train: ChipTrain, factor: number, maxBytes: number): SpiSegment[] {
    const chips = train.chips
    const segments: SpiSegment[] = []
    let first = 0 // always a multiple of 8, so every segment starts on a chip byte
    while (first < train.chipCount) {
        const rest = train.chipCount - first
        const lastBytes = Math.idiv(rest * factor + 8, 8)
        if (lastBytes <= maxBytes) {
            segments.push({ firstChip: first, chipCount: rest, bytes: lastBytes })
            break
        }
        if (train.modulation !== MODULATION_OOK)
            throw new RangeError(train.protocol + ": an FSK train must fit one SPI transfer")
        const lowest = (first >> 3) + 1
        let b = (first + Math.idiv(maxBytes * 8, factor)) >> 3
        while (b >= lowest && !(chips[b - 1] === 0 && chips[b] === 0)) b--
        if (b < lowest) throw new RangeError(train.protocol + ": no silence to split the SPI transfers at")
        const count = b * 8 - first
        segments.push({ firstChip: first, chipCount: count, bytes: (count * factor) >> 3 })
        first = b * 8
    }
    return segments
}

/** The MOSI bytes of one planned segment. Yields to the VM while expanding chips. */
export async function rasteriseSegment(train: ChipTrain, factor: number, seg: SpiSegment): Promise<Buffer> {
    const chips = train.chips
    const from = seg.firstChip >> 3
    const to = Math.min((seg.firstChip + seg.chipCount + 7) >> 3, chips.length)
    if (factor === 1) {
        const out = Buffer.alloc(seg.bytes)
        out.blitAt(0, chips, from, to - from)
        return out
    }
    const w = new ChipWriter(seg.bytes * 8)
    for (let i = from; i < to; i++) {
        if ((i - from) % RASTER_BYTES_PER_SLICE === RASTER_BYTES_PER_SLICE - 1) await ds.sleep(0)
        const v = chips[i]
        if (v === 0) w.run(0, 8 * factor)
        else if (v === 0xff) w.run(1, 8 * factor)
        else {
            let b = 7
            while (b >= 0) {
                const level = (v >> b) & 1
                let len = 1
                while (len <= b && ((v >> (b - len)) & 1) === level) len++
                w.run(level, len * factor)
                b -= len
            }
        }
    }
    return w.buf
}
