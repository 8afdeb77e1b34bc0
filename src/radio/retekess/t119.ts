import { ChipWriter, repeatFrame } from "../chip-writer"
import { princetonFrame } from "./princeton"
import { retekessKey24 } from "./t112"

// Retekess T119 / TD165 (docs/radio-protocols.md 2.2): the T112 key in Princeton framing,
// TE = 271 us (1e6/3690), guard 30 TE, 10 frames.

export const T119_CHIP_RATE_HZ = 3690
const T119_FRAMES = 10

export function encodeT119(station: number, pager: number, mute: number): ChipWriter {
    return repeatFrame(princetonFrame(retekessKey24(station, pager, mute), 24, 30), T119_FRAMES)
}
