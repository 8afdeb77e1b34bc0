import { ChipWriter } from "../chip-writer"
import { writePulseWidthBits } from "./pulse-width"

// Princeton (PT2262) and SMC5326 framing as Flipper and the pagers' own remotes send it,
// one chip = TE: bit 1 = 3 TE high + 1 TE low, bit 0 = 1 TE high + 3 TE low, then a stop
// pulse (1 TE high) and a guard time of guardChips TE low that separates the repeats.

/** One frame: nbits of key MSB-first, stop pulse, guard. */
export function princetonFrame(key: number, nbits: number, guardChips: number): ChipWriter {
    const w = new ChipWriter(nbits * 4 + 1 + guardChips)
    writePulseWidthBits(w, key, nbits, 1, 3)
    w.run(1, 1)
    w.run(0, guardChips)
    return w
}
