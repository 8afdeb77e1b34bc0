import { ChipWriter } from "../chip-writer"
import { POCSAG_IDLE, POCSAG_SYNC, addressCodeword, messageCodeword } from "./codeword"
import { forEachMessageWord, messageCodewordCount } from "./message"

// Several pages after one preamble (docs/radio-protocols.md 3.2): each address codeword sits in
// frame (capcode mod 8) of a batch (sync + 16 codewords); messages follow at once and run on
// into later batches; idle codewords fill the rest. Chip = inverted POCSAG bit, because a
// POCSAG 1 is the lower tone and chip 1 is the upper one.

export interface PocsagPage {
    capcode: number
    func: number
    kind: number
    text: string
}

export const POCSAG_PREAMBLE_BITS = 576
const BATCH_SLOTS = 16

class BatchFramer {
    slot: number
    words: number
    out: ChipWriter | null

    constructor(out: ChipWriter | null) {
        this.slot = BATCH_SLOTS
        this.words = 0
        this.out = out
    }

    put(word: number) {
        this.words++
        if (this.out) this.out.word32(~word >>> 0)
    }

    emit(word: number) {
        if (this.slot === BATCH_SLOTS) {
            this.put(POCSAG_SYNC)
            this.slot = 0
        }
        this.put(word)
        this.slot++
    }

    page(p: PocsagPage) {
        const first = 2 * (p.capcode & 7)
        if (this.slot !== BATCH_SLOTS && this.slot > first + 1) this.fillBatch()
        if (this.slot === BATCH_SLOTS) {
            this.put(POCSAG_SYNC)
            this.slot = 0
        }
        while (this.slot < first) this.emit(POCSAG_IDLE)
        this.emit(addressCodeword(p.capcode, p.func))
        if (this.out) {
            const self = this
            forEachMessageWord(p.kind, p.text, data => self.emit(messageCodeword(data)))
        } else {
            const n = messageCodewordCount(p.kind, p.text.length)
            for (let i = 0; i < n; i++) this.emit(0)
        }
    }

    fillBatch() {
        while (this.slot < BATCH_SLOTS) this.emit(POCSAG_IDLE)
    }

    /** Ends the transmission. A page is only complete once an idle (or address) codeword
     * follows it, so a last page that fills its batch gets one more batch of idles. */
    finish() {
        if (this.slot === BATCH_SLOTS && this.words > 0) this.emit(POCSAG_IDLE)
        this.fillBatch()
    }

    /** The codewords finish() would leave on air, without finishing. */
    finishedWords(): number {
        if (this.slot === BATCH_SLOTS) return this.words > 0 ? this.words + 1 + BATCH_SLOTS : 0
        return this.words + BATCH_SLOTS - this.slot
    }
}

/** Codewords (syncs included) the pages take on air, without encoding them. */
export function pocsagCodewordCount(pages: PocsagPage[]): number {
    const f = new BatchFramer(null)
    for (const p of pages) f.page(p)
    f.finish()
    return f.words
}

/** How many of `pages`, from the first, fit one transmission of at most `maxCodewords` (syncs included). */
export function pocsagPagesThatFit(pages: PocsagPage[], maxCodewords: number): number {
    const f = new BatchFramer(null)
    for (let i = 0; i < pages.length; i++) {
        f.page(pages[i])
        if (f.finishedWords() > maxCodewords) return i
    }
    return pages.length
}

export function encodePocsag(pages: PocsagPage[]): ChipWriter {
    const w = new ChipWriter(POCSAG_PREAMBLE_BITS + 32 * pocsagCodewordCount(pages))
    for (let i = 0; i < POCSAG_PREAMBLE_BITS; i += 32) w.word32(0x55555555)
    const f = new BatchFramer(w)
    for (const p of pages) f.page(p)
    f.finish()
    return w
}
