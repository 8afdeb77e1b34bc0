import { PageRequest, PROTOCOL_NAMES, findProtocol } from "./protocols"
import { PAGE_MODES } from "./page-modes"
import { batchSize } from "./transmission"

// Transmitter queue, pure logic: bounded FIFO of validated pages, at most one transmission on
// air, consecutive pages batched where the protocol allows, airtime summed per transmission.
//
// A waiting page is kept as one number and its message, not as the request object: pages wait for the air for
// seconds, and each object that outlives a request cuts the heap (docs/architecture.md "Heap"). The number holds,
// from the top, the protocol's index in PROTOCOL_NAMES (4 bits), the mode's in PAGE_MODES (4), the system id (16)
// and the pager (21): 45 bits, exact in a double, wider than any protocol's ranges (protocols.ts).
const SYSTEMS = 0x10000
const PAGERS = 0x200000

function pageOf(code: number, message: string | null): PageRequest {
    // Subtraction, not %: the VM's % works on 32-bit integers.
    const rest = Math.floor(code / PAGERS)
    const names = Math.floor(rest / SYSTEMS)
    return {
        protocol: PROTOCOL_NAMES[names >> 4],
        systemId: rest - names * SYSTEMS,
        pager: code - rest * PAGERS,
        mode: PAGE_MODES[names & 15],
        message,
    }
}

export class TransmitQueue {
    readonly capacity: number
    private readonly codes: number[] = []
    private readonly messages: (string | null)[] = []
    /** Whether the transmission take() handed out is still on air. */
    onAir: boolean
    /** total time on air so far, ms */
    airtimeMs: number
    transmissions: number

    constructor(capacity: number) {
        this.capacity = capacity
        this.onAir = false
        this.airtimeMs = 0
        this.transmissions = 0
    }

    size() {
        return this.codes.length
    }

    /** Null when queued; an error (API: 5.03) when full. */
    add(req: PageRequest): string | null {
        if (this.codes.length >= this.capacity) return "transmitter queue full (" + this.capacity + " pages)"
        const names = PROTOCOL_NAMES.indexOf(req.protocol) * 16 + PAGE_MODES.indexOf(req.mode)
        this.codes.push((names * SYSTEMS + req.systemId) * PAGERS + req.pager)
        this.messages.push(req.message)
        return null
    }

    /** Whether the page first in line could share its transmission with pages still to come (POCSAG). */
    nextIsBatchable(): boolean {
        const p = this.codes.length > 0 ? findProtocol(pageOf(this.codes[0], null).protocol) : null
        return p !== null && p.batchable
    }

    /** The next transmission's pages, or null if one is on air or nothing waits. */
    take(): PageRequest[] | null {
        if (this.onAir || this.codes.length === 0) return null
        const waiting: PageRequest[] = []
        for (let i = 0; i < this.codes.length; ++i) waiting.push(pageOf(this.codes[i], this.messages[i]))
        const n = batchSize(waiting)
        // In place: new arrays per transmission would outlive it, more objects cutting the heap.
        this.codes.insert(0, -n)
        this.messages.insert(0, -n)
        this.onAir = true
        return waiting.slice(0, n)
    }

    /** The transmission handed out by take() has left the air after airtimeMs. */
    done(airtimeMs: number) {
        this.onAir = false
        this.airtimeMs += airtimeMs
        this.transmissions++
    }
}
