import { LABEL_MAX_BYTES, OFF_STATE, RECORD_SIZE, STATE_CLEARED } from "./record"

// The labels' bytes in RAM: frames of LABEL_MAX_BYTES, one per slot whose label has bytes, while there are frames.
// A ring with fewer frames than slots (a large persisted ring: LABEL_FRAMES in limits.ts) lets a label leave RAM
// when flash holds it as it is, and reads it back when it is rendered (docs/storage.md "Labels in RAM").

/** Which labels may give up their frame to another (LabelFrames.available). */
export const enum Evict {
    /** none: only a free frame is taken */
    None,
    /** a finished session's (a render's choice: a waiting guest's label stays in RAM) */
    Finished,
    /** a finished session's first, else a waiting guest's */
    Any,
}

export class LabelFrames {
    /** The frames' bytes: frame f at f * LABEL_MAX_BYTES. */
    readonly bytes: Buffer
    /** Per slot, a u16: its frame + 1, or 0 when it has none. */
    private frameOf: Buffer
    /** Per frame, the slot that holds it, while that slot's frameOf names it back; else the frame is free. */
    private owner: Buffer
    /** Where the next search starts: a clock hand, so the frame given longest ago goes first. */
    private hand = 0

    /**
     * `slots` slots (whole groups of `groupSlots`, the slots of a settings key), `count` frames. A frame may be taken
     * from a slot whose group is clean: not `dirty` (the store's marks, one per group) nor in the flush under way.
     */
    constructor(
        slots: number,
        readonly count: number,
        private groupSlots: number,
        private records: Buffer,
        private dirty: Buffer
    ) {
        this.bytes = Buffer.alloc(count * LABEL_MAX_BYTES)
        this.frameOf = Buffer.alloc(slots * 2)
        this.owner = Buffer.alloc(count)
    }

    /** The frame of `slot`, or -1. */
    frame(slot: number): number {
        return this.frameOf.getAt(slot * 2, "u16") - 1
    }

    /** The slot no longer holds a frame (its label has no bytes, or flash alone holds them). */
    release(slot: number) {
        this.frameOf.setAt(slot * 2, "u16", 0)
    }

    /** Every frame free. */
    clear() {
        this.frameOf.fillAt(0, this.frameOf.length, 0)
        this.hand = 0
    }

    /**
     * A free frame, else one whose slot's group is clean and not in `flushing` (the groups of the flush under way, or
     * null), as `evict` allows, a finished session's first; -1 when there is none.
     */
    available(evict: Evict, flushing: Buffer): number {
        let active = -1
        for (let i = 0; i < this.count; ++i) {
            const f = (this.hand + i) % this.count
            const holder = this.owner[f]
            if (this.frame(holder) !== f) return f
            if (evict === Evict.None) continue
            const group = Math.floor(holder / this.groupSlots)
            if (this.dirty[group] || (flushing && flushing[group])) continue
            if (this.records[holder * RECORD_SIZE + OFF_STATE] === STATE_CLEARED) return f
            if (evict === Evict.Any && active < 0) active = f
        }
        return active
    }

    /**
     * Copies a label's `length` bytes (1..LABEL_MAX_BYTES) at `at` of `src` into `slot`'s frame, else into one from
     * available(evict, flushing), taken from the slot that held it. Returns false, the slot then without a frame,
     * when there is none.
     */
    put(slot: number, src: Buffer, at: number, length: number, evict: Evict, flushing: Buffer): boolean {
        let f = this.frame(slot)
        if (f < 0) f = this.available(evict, flushing)
        if (f < 0) return false
        if (this.frame(this.owner[f]) === f) this.release(this.owner[f])
        this.owner[f] = slot
        this.frameOf.setAt(slot * 2, "u16", f + 1)
        this.hand = (f + 1) % this.count
        this.bytes.blitAt(f * LABEL_MAX_BYTES, src, at, length)
        return true
    }
}
