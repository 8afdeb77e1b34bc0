import { ChipWriter, repeatFrame } from "./chip-writer"

// LRS coaster paging frame (docs/radio-protocols.md 2.10, after baycom/rps): 15 bytes
// AA AA AA FC 2D | restaurant | system<<4 | pager>>8 | pager & FF | 00 x5 | alert | checksum,
// checksum = (sum of bytes 0..13) mod 255. 2-FSK, Manchester as the SX127x engine codes it
// (1 -> chips 10, 0 -> 01, chip 1 = upper tone) at 622 chips/s; 3 frames back to back.

export const LRS_CHIP_RATE_HZ = 622
const LRS_FRAMES = 3
const LRS_FRAME_BYTES = 15

export function lrsFrameBytes(restaurant: number, system: number, pager: number, alert: number): Buffer {
    const f = Buffer.alloc(LRS_FRAME_BYTES)
    f[0] = 0xaa
    f[1] = 0xaa
    f[2] = 0xaa
    f[3] = 0xfc
    f[4] = 0x2d
    f[5] = restaurant & 0xff
    f[6] = ((system & 0xf) << 4) | ((pager >> 8) & 0xf)
    f[7] = pager & 0xff
    f[13] = alert & 0xff
    let sum = 0
    for (let i = 0; i < 14; i++) sum += f[i]
    f[14] = sum % 255
    return f
}

export function encodeLrs(restaurant: number, system: number, pager: number, alert: number): ChipWriter {
    const bytes = lrsFrameBytes(restaurant, system, pager, alert)
    const frame = new ChipWriter(LRS_FRAME_BYTES * 16)
    for (let i = 0; i < LRS_FRAME_BYTES; i++) {
        let chips = 0
        for (let b = 7; b >= 0; b--) chips = (chips << 2) | ((bytes[i] >> b) & 1 ? 2 : 1)
        frame.bits(chips, 16)
    }
    return repeatFrame(frame, LRS_FRAMES)
}
