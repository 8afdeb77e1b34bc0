import { RECEIVE_QUEUE, RECEIVE_QUEUE_BYTES } from "../limits"

// Datagrams waiting while one is handled. Handling can pause (between observers' notifications; while 16 answers
// already wait for a commit, until that commit is written, ~20-100 ms), and without a bound every datagram arriving
// meanwhile would start its own handler and hold its own memory. Beyond the
// bounds datagrams are dropped, as a full lwIP mailbox would: confirmable senders retransmit (after 2-3 s).
// Urgent datagrams (pages, README "Reliability") are taken first, in their order of arrival, but never ahead of an
// earlier datagram from the same peer: a client's own requests keep their order. An urgent datagram that finds the
// queue full takes the room of the newest others: under overload a change is lost (its sender can repeat it) rather
// than a page, which would reach the pager late or never.

/** Whether two frames come from the same peer: the same peer header (see peer.ts). */
export function samePeer(a: Buffer, b: Buffer): boolean {
    const n = a[0] + 3
    if (b[0] !== a[0] || a.length < n || b.length < n) return false
    for (let i = 1; i < n; ++i) if (a[i] !== b[i]) return false
    return true
}

/** Bounded in datagrams and in bytes; first in, first out, but urgent datagrams first. */
export class ReceiveQueue {
    private frames: Buffer[] = []
    private urgent: boolean[] = []
    private bytes = 0
    /** Whether the frame take() returned last was urgent. */
    tookUrgent = false

    /** Keeps `frame`; false when it does not fit (dropped). */
    add(frame: Buffer, urgent = false): boolean {
        let other = this.frames.length
        while (this.frames.length >= RECEIVE_QUEUE || this.bytes + frame.length > RECEIVE_QUEUE_BYTES) {
            // The newest frame that is not urgent gives way; none left, or not urgent itself: this one is dropped.
            while (--other >= 0 && this.urgent[other]);
            if (!urgent || other < 0) return false
            this.remove(other)
        }
        this.frames.push(frame)
        this.urgent.push(urgent)
        this.bytes += frame.length
        return true
    }

    /** The frame to handle next, or null: the oldest from the peer of the first urgent frame, else the oldest. */
    take(): Buffer {
        if (this.frames.length === 0) return null
        const u = this.urgent.indexOf(true)
        let i = 0
        if (u > 0) while (!samePeer(this.frames[i], this.frames[u])) ++i
        this.tookUrgent = this.urgent[i]
        return this.remove(i)
    }

    private remove(i: number): Buffer {
        const frame = this.frames[i]
        this.frames.insert(i, -1)
        this.urgent.insert(i, -1)
        this.bytes -= frame.length
        return frame
    }

    /** Whether an urgent frame, or a frame from the peer of `frame`, waits. */
    holdsUrgentOr(frame: Buffer): boolean {
        if (this.urgent.indexOf(true) >= 0) return true
        for (const f of this.frames) if (samePeer(f, frame)) return true
        return false
    }

    size(): number {
        return this.frames.length
    }
}
