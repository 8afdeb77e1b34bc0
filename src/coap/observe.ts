import * as ds from "@devicescript/core"
import { Reply } from "./resource"

// RFC 7641 observers in a fixed-size table. Each observer has at most one confirmable notification outstanding
// (NSTART = 1); what it is sent next is decided when that one is acknowledged, so the newest state wins when changes
// come faster than the client acknowledges.

/** Observers in all: a notification in flight keeps up to ~1.1 KB per observer on the 64 KB heap. */
export const OBSERVERS_MAX = 8
// RFC 7252 §4.8 transmission parameters.
const ACK_TIMEOUT_MS = 2000
const MAX_RETRANSMIT = 4
/** Consecutive keep-alives (T7470 pings) left unacknowledged before the observer is dropped. */
export const MISSED_PINGS_MAX = 3

export class Observer {
    /** What the resource has told this observer, in its own terms (e.g. a sequence number). */
    seen = 0
    seenOther = 0
    /** The confirmable notification waiting for its ACK, or null. */
    pending: Buffer = null
    pendingMid = -1
    retransmits = 0
    retransmitAt = 0
    missedPings = 0

    constructor(public peer: Buffer, public token: Buffer, public path: string, public query: string) {}
}

/** A resource's side of observation. */
export interface Observable {
    /** Marks everything as seen: the registration response carried the current state. */
    start(obs: Observer): void
    /** The next notification for `obs`, or null when it has seen everything; records what it includes. */
    next(obs: Observer): Reply
    /** A keep-alive notification, or null when the resource sends none. */
    ping(obs: Observer): Reply
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

    /** Records a confirmable notification just sent. */
    sent(obs: Observer, datagram: Buffer, mid: number) {
        obs.pending = datagram
        obs.pendingMid = mid
        obs.retransmits = 0
        obs.retransmitAt = ds.millis() + ACK_TIMEOUT_MS + Math.floor(Math.random() * (ACK_TIMEOUT_MS / 2))
    }

    acknowledged(obs: Observer) {
        obs.pending = null
        obs.missedPings = 0
    }

    /**
     * Retransmits what is due (exponential back-off) through `send`; drops observers that exhausted MAX_RETRANSMIT
     * (RFC 7641 §4.5: the client is gone), and at once those whose address is not proved (`proved`).
     */
    retransmit(send: (peer: Buffer, datagram: Buffer) => void, proved: (peer: Buffer) => boolean) {
        const now = ds.millis()
        const dropped: Observer[] = []
        for (const o of this.observers) {
            if (!o.pending || now < o.retransmitAt) continue
            if (o.retransmits >= MAX_RETRANSMIT || !proved(o.peer)) {
                dropped.push(o)
                continue
            }
            o.retransmits++
            o.retransmitAt = now + (ACK_TIMEOUT_MS << o.retransmits)
            send(o.peer, o.pending)
        }
        for (const o of dropped) this.remove(o)
    }
}

export function sameBytes(a: Buffer, b: Buffer) {
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false
    return true
}
