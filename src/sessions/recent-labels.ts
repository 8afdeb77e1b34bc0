import { LABEL_MAX_BYTES } from "./record"
import { LABELS_READ_KEPT } from "../limits"

// The labels read from flash last, for the renders that want them again at once: a Block2 client fetches a list in
// blocks smaller than a session, so a session whose label has no frame is rendered in several blocks in a row
// (docs/storage.md "Labels in RAM"). The room is allocated once. Each entry: the slot + 1 (u16, 0 for none), the
// slot's sequence (u32), which moves with every change of the slot, the label's length, then its bytes.

const ENTRY = 7 + LABEL_MAX_BYTES

export class RecentLabels {
    private entries = Buffer.alloc(LABELS_READ_KEPT * ENTRY)
    private next = 0

    /** The bytes kept for `slot` as of `sequence`, or null. */
    find(slot: number, sequence: number): Buffer {
        for (let at = 0; at < this.entries.length; at += ENTRY)
            if (this.entries.getAt(at, "u16") === slot + 1 && this.entries.getAt(at + 2, "u32") === sequence)
                return this.entries.slice(at + 7, at + 7 + this.entries[at + 6])
        return null
    }

    /** Keeps `bytes` for `slot` as of `sequence`, in place of the entry kept longest. */
    keep(slot: number, sequence: number, bytes: Buffer) {
        const at = this.next * ENTRY
        this.entries.setAt(at, "u16", slot + 1)
        this.entries.setAt(at + 2, "u32", sequence)
        this.entries[at + 6] = bytes.length
        this.entries.blitAt(at + 7, bytes, 0, bytes.length)
        this.next = (this.next + 1) % LABELS_READ_KEPT
    }
}
