import * as ds from "@devicescript/core"
import { Send } from "./response"
import { Notifications } from "./notifications"
import { DedupTable } from "./dedup"
import { CODE_SERVICE_UNAVAILABLE } from "./constants"
import { PeerKey, peerHeaderLength } from "../net/peer"
import { COPIES_MAX, HELD_BYTES, HELD_MAX, URGENT_BYTES } from "../limits"

// Group commit (docs/architecture.md "Group commit"): the answer to a request that changed something durable is
// held until a commit has made that change durable, and one commit serves every request handled since the last
// (each key written and read back once for all of them instead of once per request). Commits run in
// their own fiber, so datagrams are handled while the flash is written. A commit is atomic (docs/storage.md "Atomic
// commits"): one that fails has changed nothing in flash, and the server undoes every change not yet durable and
// answers their requests 5.03. What the base acknowledged is in flash, and what it refused is not.

/** Makes the changes the requests handled so far made durable, all or none (throws); may pause. */
export type Commit = () => void
/** Undoes the changes a failed commit did not make durable: the state again as flash holds it; may pause. */
export type Revert = () => void

/** The body of the answer to a change that could not be made durable; after a Content-Format option (JSON). */
const UNSAVED = Buffer.concat(
    hex`c132ff`,
    Buffer.from('{"error":"change not saved: the flash store refused it (full?); nothing changed"}')
)

/** `response` (a frame), held for a commit that failed, as 5.03 with a JSON error: the same type, MID and token. */
function unsaved(response: Buffer): Buffer {
    const at = peerHeaderLength(response)
    const out = Buffer.concat(response.slice(0, at + 4 + (response[at] & 15)), UNSAVED)
    out[at + 1] = CODE_SERVICE_UNAVAILABLE
    return out
}

/** A response to a change (a frame: the peer header, then the datagram), sent once the change is committed. */
interface HeldResponse {
    peerKey: PeerKey
    mid: number
    response: Buffer
    /** The request and its duplicates received meanwhile: each copy of a CON gets its ACK (RFC 7252 §4.5). */
    copies: number
}

/** The answer in `list` to that request, or null. */
function heldFor(list: HeldResponse[], peerKey: PeerKey, mid: number): HeldResponse {
    for (const h of list) if (h.mid === mid && h.peerKey === peerKey) return h
    return null
}

export class GroupCommit {
    private held: HeldResponse[] = []
    private heldBytes = 0
    /** The answers whose commit is under way in the commit fiber; null when none is. */
    private committing: HeldResponse[] = null
    private committed = ds.emitter<boolean>()
    /** While a failed commit's changes are undone: the server refuses every request meanwhile. */
    reverting = false

    /**
     * After a commit that succeeded, `notifications` go round (what changed may be news to observers); after one
     * that failed, `revert` undoes the changes, and `dedup` keeps the 5.03 to their requests for retransmissions.
     */
    constructor(
        private send: Send,
        private commit: Commit,
        private revert: Revert,
        private notifications: Notifications,
        private dedup: DedupTable
    ) {}

    /** Holds `response`, the answer to request `mid` from `peerKey`, for the next commit. */
    hold(peerKey: PeerKey, mid: number, response: Buffer) {
        this.held.push({ peerKey, mid, response, copies: 1 })
        this.heldBytes += response.length
    }

    /**
     * Whether the answer to that request waits for a commit; a retransmission is then answered after the commit,
     * not before, once per copy (up to COPIES_MAX).
     */
    holds(peerKey: PeerKey, mid: number): boolean {
        const waiting = heldFor(this.held, peerKey, mid) || (this.committing && heldFor(this.committing, peerKey, mid))
        if (!waiting) return false
        if (waiting.copies < COPIES_MAX) waiting.copies++
        return true
    }

    /** Whether an urgent change (a page) can be handled at once: its answer fits URGENT_BYTES beyond the bound. */
    roomForUrgent(): boolean {
        return !this.reverting && this.heldBytes < HELD_BYTES + URGENT_BYTES
    }

    /**
     * Waits while the answers waiting for a commit are at their bound, for the commits that take them; false when
     * they still are after ten commits or ten seconds (the flash store too slow), or while changes are undone.
     */
    async roomToHold(): Promise<boolean> {
        for (let waits = 0; ; ++waits) {
            if (this.reverting) return false
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

    /**
     * Starts a commit of the answers waiting in its own fiber, unless one is under way (which starts the next); with
     * `always`, also when none is waiting (a change made outside a request; while a commit is under way, the next
     * commit, started by the next change a request makes, takes it).
     */
    start(always = false) {
        if (this.committing !== null || (this.held.length === 0 && !always)) return
        this.committing = []
        const self = this
        const run = async () => {
            await self.finish()
        }
        run.start()
    }

    /**
     * In the commit fiber: makes the changes durable and answers their requests, then takes the answers waiting.
     * When the commit throws, every change not durable is undone, the changes of the answers held meanwhile too, and
     * those requests are answered 5.03: nothing is acknowledged that flash does not hold, and nothing refused is
     * kept.
     */
    private async finish() {
        // The answers it takes, and the changes it writes: at the same moment, with no request handled between (the
        // fiber may start a while after start()), so that no answer waits for a later commit than its change's.
        const batch = (this.committing = this.held)
        this.held = []
        this.heldBytes = 0
        let durable = false
        try {
            this.commit()
            durable = true
        } catch (e) {
            console.log("commit failed, its changes are undone: " + e)
            this.reverting = true
            this.revert()
            for (const h of this.held) batch.push(h)
            this.held = []
            this.heldBytes = 0
            for (const h of batch) {
                h.response = unsaved(h.response)
                this.dedup.remember(h.peerKey, h.mid, h.response)
            }
            this.reverting = false
        }
        this.committing = null
        for (const h of batch) for (let i = 0; i < h.copies; ++i) this.send(h.response)
        this.committed.emit(durable)
        if (durable) await this.settle()
    }
}
