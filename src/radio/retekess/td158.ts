import { ChipWriter, repeatFrame } from "../chip-writer"
import { princetonFrame } from "./princeton"

// Retekess TD158 (docs/radio-protocols.md 2.4): SMC5326-style 25-bit key = station (10) |
// pager (10) | command (5), MSB-first, TE = 214 us (1e6/4673), guard 25 TE, 10 frames.

export const TD158_CHIP_RATE_HZ = 4673
export const TD158_COMMAND_CALL = 4
const TD158_FRAMES = 10

export function encodeTD158(station: number, pager: number, command: number): ChipWriter {
    const key = (station << 15) | (pager << 5) | command
    return repeatFrame(princetonFrame(key, 25, 25), TD158_FRAMES)
}
