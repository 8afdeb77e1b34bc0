import { ChipWriter, repeatFrame } from "../chip-writer"
import { reverseBits, writePulseWidthBits } from "./pulse-width"

// Retekess TD161 (docs/radio-protocols.md 2.6, after baycom/rps): 200 us chips; 9 nibbles, each
// LSB-first as 1000 (0) / 1110 (1): pager ones, tens, hundreds, function, system ones, tens,
// hundreds, 0, 0; then 28 chips low; 30 frames.

export const TD161_CHIP_RATE_HZ = 5000
export const TD161_FUNCTION_PAGE = 0
const TD161_FRAMES = 30

function writeNibble(w: ChipWriter, v: number) {
    writePulseWidthBits(w, reverseBits(v, 4), 4, 1, 3)
}

export function encodeTD161(system: number, pager: number, func: number): ChipWriter {
    const frame = new ChipWriter(36 * 4 + 28)
    writeNibble(frame, pager % 10)
    writeNibble(frame, Math.idiv(pager, 10) % 10)
    writeNibble(frame, Math.idiv(pager, 100) % 10)
    writeNibble(frame, func)
    writeNibble(frame, system % 10)
    writeNibble(frame, Math.idiv(system, 10) % 10)
    writeNibble(frame, Math.idiv(system, 100) % 10)
    writeNibble(frame, 0)
    writeNibble(frame, 0)
    frame.run(0, 28)
    return repeatFrame(frame, TD161_FRAMES)
}
