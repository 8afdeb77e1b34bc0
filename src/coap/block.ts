import { decodeUint, encodeUint } from "./options"

// The Block1/Block2 option value (RFC 7959 §2.2): NUM << 4 | M << 3 | SZX, as a 0-3 byte uint,
// so NUM has 4, 12 or 20 bits depending on the value's length.

export interface BlockValue {
    num: number
    more: boolean
    /** Block size exponent: the size is 16 << szx bytes. */
    szx: number
}

/** undefined when the value is longer than 3 bytes or uses the reserved SZX 7. */
export function decodeBlock(value: Buffer): BlockValue | undefined {
    if (value.length > 3) return undefined
    const v = decodeUint(value)
    const szx = v & 7
    if (szx === 7) return undefined
    return { num: v >> 4, more: (v & 8) !== 0, szx }
}

export function encodeBlock(num: number, more: boolean, szx: number): Buffer {
    return encodeUint(num * 16 + (more ? 8 : 0) + szx)
}

export function blockSize(szx: number): number {
    return 16 << szx
}
