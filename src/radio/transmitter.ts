import * as ds from "@devicescript/core"
import { airtimeMs } from "./chip-train"
import { PageRequest, validatePage } from "./protocols"
import { TransmitQueue } from "./queue"
import { RadioOutput } from "./radio-output"
import { encodeTransmission } from "./transmission"
import { GATHER_MS } from "../limits"

// Accepts pages and drains the queue into one output, one transmission at a time.

export interface PageRejection {
    /** true: queue full (API 5.03); false: bad request (API 4.00) */
    busy: boolean
    field: string
    error: string
}

async function drain(t: Transmitter) {
    try {
        if (t.queue.nextIsBatchable()) await ds.sleep(t.gatherMs)
        for (;;) {
            let batch = t.queue.take()
            if (!batch) return
            let airtime = 0
            try {
                await ds.sleep(0) // encode in a fresh slice of the VM's opcode budget
                const train = encodeTransmission(batch)
                // The train is all the air needs: the pages may go while it is sent (docs/architecture.md "Heap").
                batch = null
                if (t.carrierHz > 0) train.carrierHz = t.carrierHz
                for (let i = 0; i < t.repeats; ++i) {
                    await t.output.transmit(train)
                    airtime += airtimeMs(train)
                }
            } catch (e) {
                console.log("radio: transmission failed: " + e)
            }
            t.queue.done(airtime)
        }
    } finally {
        t.draining = false
    }
}

export class Transmitter {
    readonly queue: TransmitQueue
    readonly output: RadioOutput
    /** Transmissions per page: pagers that miss one (range, noise) catch the next. */
    repeats = 1
    /** Carrier to announce and tune to; 0 = the protocol's own. */
    carrierHz = 0
    /** A drain is running (gathering, or transmitting until the queue is empty): pages just join the queue. */
    draining = false

    /** gatherMs: GATHER_MS; tests lengthen it so that what they check does not hang on the VM's pace. */
    constructor(
        output: RadioOutput,
        capacity: number,
        readonly gatherMs = GATHER_MS
    ) {
        this.output = output
        this.queue = new TransmitQueue(capacity)
    }

    /** Null when the page is queued for the air. */
    page(req: PageRequest): PageRejection | null {
        const bad = validatePage(req)
        if (bad) return { busy: false, field: bad.field, error: bad.error }
        const full = this.queue.add(req)
        if (full) return { busy: true, field: "queue", error: full }
        if (!this.draining) {
            this.draining = true
            drain.start(this)
        }
        return null
    }
}
