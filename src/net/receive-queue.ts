// Datagrams waiting while one is handled. Handling can pause (between observers' notifications; while 16 answers
// already wait for a commit, until that commit is written, ~20-100 ms), and without a bound every datagram arriving
// meanwhile would start its own handler and hold its own memory. Beyond the
// bounds datagrams are dropped, as a full lwIP mailbox would: confirmable senders retransmit (after 2-3 s).

/**
 * 16 = one per peer the rate limiter tracks (RATE_PEERS), so 16 host stands asking at once all wait their turn
 * instead of 12 of them stalling for a retransmission (bench, issue 6: 4 slots lost ~5% of the requests at 16
 * clients).
 */
export const RECEIVE_QUEUE = 16
/**
 * Frames (payload and peer header) waiting, in bytes: 16 typical requests (~100 bytes) take ~1.6 KB of the 64 KB
 * heap; the largest datagrams (~1.1 KB: a 1024-byte body) fill it after 3, so the worst case stays below the
 * former 4 slots' (4 x 1.1 KB).
 */
export const RECEIVE_QUEUE_BYTES = 4096

/** First in, first out, bounded in datagrams and in bytes. */
export class ReceiveQueue {
    private frames: Buffer[] = []
    private bytes = 0

    /** Keeps `frame`; false when it does not fit (dropped). */
    add(frame: Buffer): boolean {
        if (this.frames.length >= RECEIVE_QUEUE || this.bytes + frame.length > RECEIVE_QUEUE_BYTES) return false
        this.frames.push(frame)
        this.bytes += frame.length
        return true
    }

    /** The oldest waiting frame, or null. */
    take(): Buffer {
        const frame = this.frames.shift()
        if (!frame) return null
        this.bytes -= frame.length
        return frame
    }

    size(): number {
        return this.frames.length
    }
}
