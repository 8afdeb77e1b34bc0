import * as ds from "@devicescript/core"
import { Reply } from "./exchange"
import { sameBytes } from "../bytes/same-bytes"
import { OBSERVERS_MAX } from "../limits"

// RFC 7641 observers in a fixed-size table. Each observer has at most one confirmable notification outstanding
// (NSTART = 1); what it is sent next is decided when that one is acknowledged, so the newest state wins when changes
// come faster than the client acknowledges. A notification is not kept for its retransmissions: each is rendered
// afresh, with what the lost one held in the newest state, a new Observe value and a new MID (RFC 7641 §4.5.2,
// docs/coap-conformance.md OBS_05). Kept notifications cost up to ~1.1 KB of heap each while their ACKs were awaited.

// RFC 7252 §4.8 transmission parameters.
const ACK_TIMEOUT_MS = 2000
const MAX_RETRANSMIT = 4

export class Observer {
    /** What the resource has told this observer, in its own terms (e.g. a sequence number). */
    seen = 0
    seenOther = 0
    /** A confirmable notification waits for its ACK. */
    pending = false
    pendingMid = -1
    /** What that notification holds, in its resource's terms, for rendering it again. */
    inFlight = 0
    /** Its retransmission is due: the server renders it again at its next notification round. */
    resendDue = false
    retransmits = 0
    retransmitAt = 0
    missedPings = 0

    constructor(
        public peer: Buffer,
        public token: Buffer,
        public path: string,
        public query: string
    ) {}
}

/** A resource's side of observation. */
export interface Observable {
    /** Marks everything as seen: the registration response carried the current state. */
    start(obs: Observer): void
    /** The next notification for `obs`, or null when it has seen everything; records what it includes. */
    next(obs: Observer): Reply
    /** A keep-alive notification, or null when the resource sends none. */
    ping(obs: Observer): Reply
    /** The notification awaiting its ACK (from next or ping) rendered again for a retransmission, in the newest state. */
    again(obs: Observer): Reply
}

export class ObserverTable {
    observers: Observer[] = []

    find(peer: Buffer, token: Buffer, path: string): number {
        for (let i = 0; i < this.observers.length; ++i) {
            const o = this.observers[i]
            if (o.path === path && sameBytes(o.peer, peer) && sameBytes(o.token, token)) return i
        }
        return -1
    }

    /** Adds (or replaces, RFC 7641 §4.1) a registration; null when the table is full. */
    register(peer: Buffer, token: Buffer, path: string, query: string): Observer {
        const i = this.find(peer, token, path)
        if (i >= 0) this.observers.insert(i, -1)
        else if (this.observers.length >= OBSERVERS_MAX) return null
        const obs = new Observer(peer, token, path, query)
        this.observers.push(obs)
        return obs
    }

    remove(obs: Observer) {
        const i = this.observers.indexOf(obs)
        if (i >= 0) this.observers.insert(i, -1)
    }

    /** The observer whose outstanding notification has this peer and MID. */
    byPendingMid(peer: Buffer, mid: number): Observer {
        for (const o of this.observers) if (o.pendingMid === mid && sameBytes(o.peer, peer)) return o
        return null
    }

    /** Records a confirmable notification just sent: a new one, or (`again`) one in place of an unacknowledged one. */
    sent(obs: Observer, mid: number, again: boolean) {
        obs.pending = true
        obs.pendingMid = mid
        obs.resendDue = false
        if (again) return
        obs.retransmits = 0
        obs.retransmitAt = ds.millis() + ACK_TIMEOUT_MS + Math.floor(Math.random() * (ACK_TIMEOUT_MS / 2))
    }

    acknowledged(obs: Observer) {
        obs.pending = false
        obs.resendDue = false
        obs.missedPings = 0
    }

    /**
     * Marks the retransmissions due (exponential back-off) for the server's next notification round (each renders
     * a notification, which needs its own VM slice); drops observers that exhausted MAX_RETRANSMIT (RFC 7641 §4.5:
     * the client is gone), and at once those whose address `addresses` does not hold proved.
     */
    retransmit(addresses: { isVerified(peer: Buffer): boolean }) {
        const now = ds.millis()
        const dropped: Observer[] = []
        for (const o of this.observers) {
            if (!o.pending || now < o.retransmitAt) continue
            if (o.retransmits >= MAX_RETRANSMIT || !addresses.isVerified(o.peer)) {
                dropped.push(o)
                continue
            }
            o.retransmits++
            o.retransmitAt = now + (ACK_TIMEOUT_MS << o.retransmits)
            o.resendDue = true
        }
        for (const o of dropped) this.remove(o)
    }
}
