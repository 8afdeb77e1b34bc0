import * as ds from "@devicescript/core"

// Per-peer token buckets, so one noisy client cannot take the base from the others. A fixed table: a peer not in
// it takes the place of the least recently seen one. Datagrams over the limit are dropped silently (a CON sender
// retransmits later, RFC 7252 §4.2).

export const RATE_PEERS = 16
/** Sustained datagrams per second per peer (address and port). */
export const RATE_PER_SECOND = 50
/** Datagrams a peer may send at once after a quiet period. */
export const RATE_BURST = 50

export class RateLimiter {
    private keys: string[] = []
    private tokens: number[] = []
    private stamps: number[] = []

    /** Takes one token from `peer`'s bucket; false when it is empty. */
    allow(peer: Buffer): boolean {
        const key = peer.toString("hex")
        const now = ds.millis()
        let i = this.keys.indexOf(key)
        if (i < 0) i = this.place(key, now)
        const refill = ((now - this.stamps[i]) * RATE_PER_SECOND) / 1000
        this.tokens[i] = Math.min(RATE_BURST, this.tokens[i] + refill)
        this.stamps[i] = now
        if (this.tokens[i] < 1) return false
        this.tokens[i] -= 1
        return true
    }

    private place(key: string, now: number): number {
        if (this.keys.length < RATE_PEERS) {
            this.keys.push(key)
            this.tokens.push(RATE_BURST)
            this.stamps.push(now)
            return this.keys.length - 1
        }
        let oldest = 0
        for (let i = 1; i < this.keys.length; ++i) if (this.stamps[i] < this.stamps[oldest]) oldest = i
        this.keys[oldest] = key
        this.tokens[oldest] = RATE_BURST
        this.stamps[oldest] = now
        return oldest
    }
}
