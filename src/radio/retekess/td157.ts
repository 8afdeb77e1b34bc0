import { ChipWriter, repeatFrame } from "../chip-writer"
import { princetonFrame } from "./princeton"

// Retekess TD157 (docs/radio-protocols.md 2.3): key = station (10) | pager (10) | action (4),
// MSB-first, Princeton framing with TE = 212 us (1e6/4717), guard 30 TE, 10 frames.

export const TD157_CHIP_RATE_HZ = 4717
export const TD157_ACTION_CALL = 0x2
const TD157_FRAMES = 10

export function encodeTD157(station: number, pager: number, action: number): ChipWriter {
    const key = (station << 14) | (pager << 4) | action
    return repeatFrame(princetonFrame(key, 24, 30), TD157_FRAMES)
}
