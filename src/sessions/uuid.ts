import { randomBuffer } from "@devicescript/crypto"

// UUID version 4 (RFC 4122 random): 16 random bytes with the version and variant bits set.

/** Fills buf[off .. off+16) with a fresh random UUID v4. */
export function writeRandomUuid(buf: Buffer, off: number) {
    const r = randomBuffer(16)
    r[6] = (r[6] & 0x0f) | 0x40 // version 4
    r[8] = (r[8] & 0x3f) | 0x80 // variant 10xx
    buf.blitAt(off, r, 0, 16)
}

/** The 8-4-4-4-12 lower-case text of the 16 bytes at off. */
export function formatUuid(buf: Buffer, off: number): string {
    const hex = buf.slice(off, off + 16).toString("hex")
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-")
}
