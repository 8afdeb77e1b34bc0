// A set of ring slots kept sorted by a key of theirs (a session's id, or its pager number), one byte per slot:
// finding a slot by its key is a binary search, and inserting or removing one moves the bytes after it with one
// builtin copy. This keeps the store's work per request at O(log n) interpreted steps however large the ring is
// (a scan of 256 slots per request would exceed the VM's opcodes per slice under a burst of creates). The moves
// copy from a slice: Buffer.blitAt is a memcpy, undefined for overlapping ranges.

import { RECORD_SIZE } from "./record"

/** The size of the key field: a session's id is a u32, its pager number a u16. */
export const enum KeyWidth {
    U16,
    U32,
}

/**
 * At most 256 slots (a slot is one byte: MAX_CAPACITY in limits.ts). Sorted by the unsigned field at `offset` of
 * each slot's record in `records` (record.ts), u32 or u16 as `width` says, read directly: a callback per
 * comparison cost the interpreter three times as much. The key must not change while the slot is in the set.
 */
export class SortedSlots {
    private slots: Buffer
    private n = 0

    constructor(
        capacity: number,
        private records: Buffer,
        private offset: number,
        private width: KeyWidth
    ) {
        this.slots = Buffer.alloc(capacity)
    }

    /** The key of `slot`. */
    key(slot: number): number {
        const at = slot * RECORD_SIZE + this.offset
        return this.width === KeyWidth.U32 ? this.records.getAt(at, "u32") : this.records.getAt(at, "u16")
    }

    size(): number {
        return this.n
    }

    /** The slot at position i (0 = the lowest key). */
    at(i: number): number {
        return this.slots[i]
    }

    /** The slot whose key is `k`, or -1. */
    find(k: number): number {
        const i = this.lowerBound(k)
        return i < this.n && this.key(this.slots[i]) === k ? this.slots[i] : -1
    }

    insert(slot: number) {
        const i = this.lowerBound(this.key(slot))
        this.slots.blitAt(i + 1, this.slots.slice(i, this.n), 0, this.n - i)
        this.slots[i] = slot
        this.n++
    }

    /** Removes `slot` (found by its key); nothing when it is not in the set. */
    remove(slot: number) {
        const i = this.lowerBound(this.key(slot))
        if (i >= this.n || this.slots[i] !== slot) return
        this.slots.blitAt(i, this.slots.slice(i + 1, this.n), 0, this.n - i - 1)
        this.n--
    }

    clear() {
        this.n = 0
    }

    /** Removes every slot whose byte in `marked` is not 0, in one pass (many at once: O(n), not O(n log n)). */
    removeMarked(marked: Buffer) {
        let kept = 0
        for (let i = 0; i < this.n; ++i) {
            const slot = this.slots[i]
            if (!marked[slot]) this.slots[kept++] = slot
        }
        this.n = kept
    }

    /** Appends `slot`, whose key is above every other's (a session just created or just changed). */
    append(slot: number) {
        this.slots[this.n++] = slot
    }

    /** The first position whose key is >= k. */
    private lowerBound(k: number): number {
        let lo = 0
        let hi = this.n
        while (lo < hi) {
            const mid = (lo + hi) >> 1
            if (this.key(this.slots[mid]) < k) lo = mid + 1
            else hi = mid
        }
        return lo
    }
}
