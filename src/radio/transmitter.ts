import * as ds from "@devicescript/core"
import { airtimeMs } from "./chip-train"
import { PageRequest, validatePage } from "./protocols"
import { TransmitQueue } from "./queue"
import { RadioOutput } from "./radio-output"
import { encodeTransmission } from "./transmission"

// Accepts pages and drains the queue into one output, one transmission at a time.

export interface PageRejection {
    /** true: queue full (API 5.03); false: bad request (API 4.00) */
    busy: boolean
    field: string
    error: string
}

async function drain(t: Transmitter) {
    for (;;) {
        const batch = t.queue.take()
        if (!batch) return
        let airtime = 0
        try {
            await ds.sleep(0) // encode in a fresh slice of the VM's opcode budget
            const train = encodeTransmission(batch)
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
}

export class Transmitter {
    readonly queue: TransmitQueue
    readonly output: RadioOutput
    /** Transmissions per page: pagers that miss one (range, noise) catch the next. */
    repeats = 1
    /** Carrier to announce and tune to; 0 = the protocol's own. */
    carrierHz = 0

    constructor(output: RadioOutput, capacity: number) {
        this.output = output
        this.queue = new TransmitQueue(capacity)
    }

    /** Null when the page is queued for the air. */
    page(req: PageRequest): PageRejection | null {
        const bad = validatePage(req)
        if (bad) return { busy: false, field: bad.field, error: bad.error }
        const full = this.queue.add(req)
        if (full) return { busy: true, field: "queue", error: full }
        if (!this.queue.isOnAir()) drain.start(this)
        return null
    }
}
