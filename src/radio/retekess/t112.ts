import { ChipWriter, repeatFrame } from "../chip-writer"
import { reverseBits, writePulseWidthBits } from "./pulse-width"

// Retekess T112 (docs/radio-protocols.md 2.1, after baycom/rps): chip 1e6/9100 s; each frame is a
// sync (2 chips high, 59 low) and 24 bits of 3/9 chips; 12 frames back to back.

export const T112_CHIP_RATE_HZ = 9100
const T112_FRAMES = 12

/**
 * The 24-bit key shared by T112, T119 and TD165: system (13 bits) and pager (10 bits) each
 * LSB-first, then the action bit (T112: 1 = cancel; T119: 1 = mute).
 */
export function retekessKey24(system: number, pager: number, action: number): number {
    return (reverseBits(system, 13) << 11) | (reverseBits(pager, 10) << 1) | (action & 1)
}

export function encodeT112(system: number, pager: number, cancel: number): ChipWriter {
    const frame = new ChipWriter(2 + 59 + 24 * 12)
    frame.run(1, 2)
    frame.run(0, 59)
    writePulseWidthBits(frame, retekessKey24(system, pager, cancel), 24, 3, 9)
    return repeatFrame(frame, T112_FRAMES)
}
