import { SessionStore } from "../sessions/store"

// The byte length of each slot's session JSON, remembered with the slot's sessionSequence (which moves on every
// change of the slot, a new session in it included), so a Block2 block can step over the sessions outside it
// without rendering them. The lengths are those of one store: the firmware has one; another (in tests) starts afresh.

let owner: SessionStore = null
let sequences: number[] = []
let lengths: number[] = []

/** The remembered byte length of the slot's session JSON, or -1 when the slot changed since (or never seen). */
export function knownLength(store: SessionStore, slot: number): number {
    if (store !== owner || sequences[slot] !== store.sessionSequence(slot)) return -1
    return lengths[slot]
}

export function rememberLength(store: SessionStore, slot: number, length: number) {
    if (store !== owner) {
        owner = store
        sequences = []
        lengths = []
        for (let i = 0; i < store.capacity(); ++i) {
            sequences.push(-1)
            lengths.push(0)
        }
    }
    sequences[slot] = store.sessionSequence(slot)
    lengths[slot] = length
}
