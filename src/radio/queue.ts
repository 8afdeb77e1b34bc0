import { PageRequest, findProtocol } from "./protocols"
import { batchSize } from "./transmission"

// Transmitter queue, pure logic: bounded FIFO of validated pages, at most one transmission on
// air, consecutive pages batched where the protocol allows, airtime summed per transmission.

export class TransmitQueue {
    readonly capacity: number
    private readonly pending: PageRequest[]
    /** Whether the transmission take() handed out is still on air. */
    onAir: boolean
    /** total time on air so far, ms */
    airtimeMs: number
    transmissions: number

    constructor(capacity: number) {
        this.capacity = capacity
        this.pending = []
        this.onAir = false
        this.airtimeMs = 0
        this.transmissions = 0
    }

    size() {
        return this.pending.length
    }

    /** Null when queued; an error (API: 5.03) when full. */
    add(req: PageRequest): string | null {
        if (this.pending.length >= this.capacity) return "transmitter queue full (" + this.capacity + " pages)"
        this.pending.push(req)
        return null
    }

    /** Whether the page first in line could share its transmission with pages still to come (POCSAG). */
    nextIsBatchable(): boolean {
        const p = this.pending.length > 0 ? findProtocol(this.pending[0].protocol) : null
        return p !== null && p.batchable
    }

    /** The next transmission's pages, or null if one is on air or nothing waits. */
    take(): PageRequest[] | null {
        if (this.onAir || this.pending.length === 0) return null
        const n = batchSize(this.pending)
        const batch = this.pending.slice(0, n)
        // In place: a new array per transmission would outlive it, one more object cutting the heap.
        this.pending.insert(0, -n)
        this.onAir = true
        return batch
    }

    /** The transmission handed out by take() has left the air after airtimeMs. */
    done(airtimeMs: number) {
        this.onAir = false
        this.airtimeMs += airtimeMs
        this.transmissions++
    }
}
