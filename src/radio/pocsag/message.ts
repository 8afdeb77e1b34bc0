// POCSAG message contents (docs/radio-protocols.md 3.2): numeric = 4-bit BCD characters, five per
// codeword, each LSB-first; alphanumeric = 7-bit ASCII, each LSB-first, 20 bits per codeword.

export const POCSAG_TONE = 0
export const POCSAG_NUMERIC = 1
export const POCSAG_ALPHA = 2

// Index = BCD code 0x0..0xF; 0xA (spare) has no agreed glyph, so it is not offered.
const NUMERIC_CHARS = "0123456789.U -]["
const NUMERIC_SPACE = 0xc

/** Each 7-bit value with its bits reversed (alpha characters go out LSB first);
 * radio-pocsag.test.ts recomputes it. */
export const REVERSED_7_BITS = hex`
0040206010503070084828681858387804442464145434740c4c2c6c1c5c3c7c
02422262125232720a4a2a6a1a5a3a7a06462666165636760e4e2e6e1e5e3e7e
0141216111513171094929691959397905452565155535750d4d2d6d1d5d3d7d
03432363135333730b4b2b6b1b5b3b7b07472767175737770f4f2f6f1f5f3f7f
`

/** BCD code of a numeric-page character, or -1. */
export function numericCode(ch: string): number {
    const i = NUMERIC_CHARS.indexOf(ch)
    return i < 0 || i === 0xa ? -1 : i
}

/** Index of the first character the message kind cannot carry, or -1. */
export function firstUnencodable(kind: number, text: string): number {
    for (let i = 0; i < text.length; i++) {
        if (kind === POCSAG_NUMERIC ? numericCode(text.charAt(i)) < 0 : text.charCodeAt(i) > 0x7f) return i
    }
    return -1
}

/** Number of message codewords after the address codeword. */
export function messageCodewordCount(kind: number, length: number): number {
    if (kind === POCSAG_NUMERIC) return Math.idiv(length + 4, 5)
    if (kind === POCSAG_ALPHA) return Math.idiv(length * 7 + 19, 20)
    return 0
}

/**
 * Calls emit with the 20 data bits of each message codeword, in order. Numeric pads with
 * spaces; alpha pads the last codeword with zero bits (LRS alpha pagers: no terminator).
 */
export function forEachMessageWord(kind: number, text: string, emit: (data20: number) => void) {
    const n = messageCodewordCount(kind, text.length)
    if (kind === POCSAG_NUMERIC) {
        for (let w = 0; w < n; w++) {
            let data = 0
            for (let k = 0; k < 5; k++) {
                const i = w * 5 + k
                const code = i < text.length ? numericCode(text.charAt(i)) : NUMERIC_SPACE
                // each 4-bit character goes out LSB first
                data = (data << 4) | ((code & 1) << 3) | ((code & 2) << 1) | ((code & 4) >> 1) | ((code & 8) >> 3)
            }
            emit(data)
        }
    } else if (kind === POCSAG_ALPHA) {
        let acc = 0 // pending bits, oldest first; never more than 26
        let bits = 0
        for (let i = 0; i < text.length; i++) {
            acc = (acc << 7) | REVERSED_7_BITS[text.charCodeAt(i) & 0x7f]
            bits += 7
            if (bits >= 20) {
                bits -= 20
                emit(acc >>> bits)
                acc &= (1 << bits) - 1
            }
        }
        if (bits > 0) emit(acc << (20 - bits))
    }
}
