import { ChipWriter } from "../chip-writer"

/**
 * The low nbits of key, most significant first, as pulse-width symbols:
 * 1 = long high + short low, 0 = short high + long low (PT2262 / EV1527 style).
 */
export function writePulseWidthBits(w: ChipWriter, key: number, nbits: number, short: number, long: number) {
    const one = (((1 << long) - 1) << short) >>> 0
    const zero = ((1 << short) - 1) << long
    const len = short + long
    for (let i = nbits - 1; i >= 0; i--) w.bits((key >>> i) & 1 ? one : zero, len)
}

/** The low n bits of v in reverse order (fields the pagers expect LSB-first on air). */
export function reverseBits(v: number, n: number): number {
    let r = 0
    for (let i = 0; i < n; i++) r = (r << 1) | ((v >> i) & 1)
    return r
}
