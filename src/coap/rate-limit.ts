import {
    ADDRESS_BURST,
    ADDRESS_RATE_PER_SECOND,
    LATER_BLOCK_COST,
    RATE_BURST,
    RATE_PEERS,
    RATE_PER_SECOND,
} from "../limits"
import { PeerKey, addressKeyOf } from "../net/peer"

// Token buckets, so one noisy client cannot take the base from the others. Each peer (address and port) has its
// own bucket, and each address one more shared by all its ports: a client that rotates source ports gets a fresh
// peer bucket every time, but not a fresh address bucket. Fixed tables: a key not in one takes the place of the
// least recently seen. Datagrams over either limit are dropped silently (a CON sender retransmits later,
// RFC 7252 §4.2).

/** A fixed table of token buckets keyed by peer or by address (net/peer.ts). */
class BucketTable {
    private keys: PeerKey[] = []
    private tokens: number[] = []
    private stamps: number[] = []

    constructor(
        private rate: number,
        private burst: number
    ) {}

    /** The index of `key`'s bucket, refilled up to `now` (placed, full, if new). */
    refill(key: PeerKey, now: number): number {
        let i = this.keys.indexOf(key)
        if (i < 0) i = this.place(key, now)
        this.tokens[i] = Math.min(this.burst, this.tokens[i] + ((now - this.stamps[i]) * this.rate) / 1000)
        this.stamps[i] = now
        return i
    }

    hasToken(i: number): boolean {
        return this.tokens[i] >= 1
    }

    take(i: number, tokens: number) {
        this.tokens[i] -= tokens
    }

    private place(key: PeerKey, now: number): number {
        if (this.keys.length < RATE_PEERS) {
            this.keys.push(key)
            this.tokens.push(this.burst)
            this.stamps.push(now)
            return this.keys.length - 1
        }
        let oldest = 0
        for (let i = 1; i < this.keys.length; ++i) if (this.stamps[i] < this.stamps[oldest]) oldest = i
        this.keys[oldest] = key
        this.tokens[oldest] = this.burst
        this.stamps[oldest] = now
        return oldest
    }
}

export class RateLimiter {
    private peers = new BucketTable(RATE_PER_SECOND, RATE_BURST)
    private addresses = new BucketTable(ADDRESS_RATE_PER_SECOND, ADDRESS_BURST)

    /**
     * Takes one token from the buckets of a peer and of its address at `now` (ms); false, taking none, when either
     * is empty.
     */
    allow(peerKey: PeerKey, now: number): boolean {
        const p = this.peers.refill(peerKey, now)
        const a = this.addresses.refill(addressKeyOf(peerKey), now)
        if (!this.peers.hasToken(p) || !this.addresses.hasToken(a)) return false
        this.peers.take(p, 1)
        this.addresses.take(a, 1)
        return true
    }

    /**
     * Gives back what a later block of a Block2 transfer the peer started does not cost of the token allow() took
     * (LATER_BLOCK_COST of one), to both buckets: a client that never proves its address gets 128-byte blocks, 252
     * of them for a list of 128 sessions, and at a full token each the fetch stalled for tens of seconds on
     * dropped requests and their retransmissions (README "Rate limits").
     */
    refundLaterBlock(peerKey: PeerKey, now: number) {
        this.peers.take(this.peers.refill(peerKey, now), LATER_BLOCK_COST - 1)
        this.addresses.take(this.addresses.refill(addressKeyOf(peerKey), now), LATER_BLOCK_COST - 1)
    }
}
