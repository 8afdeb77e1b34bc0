import * as ds from "@devicescript/core"
import { Send } from "./response"
import { Notifications } from "./notifications"
import { COPIES_MAX, HELD_BYTES, HELD_MAX, URGENT_BYTES } from "../limits"

// Group commit (docs/architecture.md "Group commit"): the answer to a request that changed something durable is
// held until a commit has made that change durable, and one commit serves every request handled since the last
// (one read-back from the settings service instead of one per request, each slot written once). Commits run in
// their own fiber, so datagrams are handled while the flash is written.

/** Makes the changes the requests handled so far made durable; may pause. */
export type Commit = () => void

/** A response to a change, sent once the change is committed. */
interface HeldResponse {
    peer: Buffer
    peerKey: string
    mid: number
    response: Buffer
    /** The request and its duplicates received meanwhile: each copy of a CON gets its ACK (RFC 7252 §4.5). */
    copies: number
}

/** The answer in `list` to that request, or null. */
function heldFor(list: HeldResponse[], peerKey: string, mid: number): HeldResponse {
    for (const h of list) if (h.mid === mid && h.peerKey === peerKey) return h
    return null
}

export class GroupCommit {
    private held: HeldResponse[] = []
    private heldBytes = 0
    /** The answers whose commit is under way in the commit fiber; null when none is. */
    private committing: HeldResponse[] = null
    private committed = ds.emitter<boolean>()

    /** After a commit that succeeded, `notifications` go round (what changed may be news to observers). */
    constructor(
        private send: Send,
        private commit: Commit,
        private notifications: Notifications
    ) {}

    /** Holds `response`, the answer to request `mid` from `peer`, for the next commit. */
    hold(peer: Buffer, peerKey: string, mid: number, response: Buffer) {
        this.held.push({ peer, peerKey, mid, response, copies: 1 })
        this.heldBytes += response.length
    }

    /**
     * Whether the answer to that request waits for a commit; a retransmission is then answered after the commit,
     * not before, once per copy (up to COPIES_MAX).
     */
    holds(peerKey: string, mid: number): boolean {
        const waiting = heldFor(this.held, peerKey, mid) || (this.committing && heldFor(this.committing, peerKey, mid))
        if (!waiting) return false
        if (waiting.copies < COPIES_MAX) waiting.copies++
        return true
    }

    /** Whether an urgent change (a page) can be handled at once: its answer fits URGENT_BYTES beyond the bound. */
    roomForUrgent(): boolean {
        return this.heldBytes < HELD_BYTES + URGENT_BYTES
    }

    /**
     * Waits while the answers waiting for a commit are at their bound, for the commits that take them; false when
     * they still are after ten commits or ten seconds (every commit failing).
     */
    async roomToHold(): Promise<boolean> {
        for (let waits = 0; ; ++waits) {
            if (this.held.length < HELD_MAX && this.heldBytes < HELD_BYTES) return true
            if (waits === 10) return false
            this.start()
            await ds.wait(this.committed, 1000)
        }
    }

    /** A commit for the answers waiting, then a notification round; the endpoint calls it whenever it is idle. */
    async settle() {
        this.start()
        await this.notifications.notifyObservers()
    }

    /** Starts a commit of the answers waiting in its own fiber, unless one is under way (which starts the next). */
    start() {
        if (this.committing !== null || this.held.length === 0) return
        this.committing = this.held
        this.held = []
        this.heldBytes = 0
        const self = this
        const run = async () => {
            await self.finish()
        }
        run.start()
    }

    /**
     * In the commit fiber: makes the changes durable, answers their requests, then takes the answers waiting. When
     * the commit throws, nothing is acknowledged: its answers wait again, for the next commit (the server's tick()
     * starts one).
     */
    private async finish() {
        const batch = this.committing
        let durable = false
        try {
            this.commit()
            durable = true
        } catch (e) {
            console.log("commit failed, answers wait for the next one: " + e)
        }
        this.committing = null
        if (durable) {
            for (const h of batch) for (let i = 0; i < h.copies; ++i) this.send(h.peer, h.response)
        } else {
            for (const h of batch) this.heldBytes += h.response.length
            for (const h of this.held) batch.push(h)
            this.held = batch
        }
        this.committed.emit(durable)
        if (durable) await this.settle()
    }
}
