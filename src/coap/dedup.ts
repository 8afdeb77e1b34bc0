import * as ds from "@devicescript/core"
import { DEDUP_BYTES, DEDUP_ENTRIES } from "../limits"
import { PeerKey } from "../net/peer"

// Message-ID deduplication (RFC 7252 §4.5) in a fixed-size table: a retransmitted request gets the cached response
// again and its handler does not run twice. Bounded by entry count and by total cached bytes (ESP32 heap).
// Responses to GET are not cached: GET is safe, so a duplicate is simply answered afresh.

// EXCHANGE_LIFETIME (RFC 7252 §4.8.2)
const LIFETIME_MS = 247000

export class DedupTable {
    private keys: PeerKey[] = []
    private mids: number[] = []
    private times: number[] = []
    private responses: Buffer[] = []
    private bytes = 0

    /** The cached response to (peer, mid), or undefined. */
    lookup(peerKey: PeerKey, mid: number): Buffer {
        const i = this.find(peerKey, mid)
        if (i < 0) return undefined
        if (ds.millis() - this.times[i] > LIFETIME_MS) {
            this.remove(i)
            return undefined
        }
        return this.responses[i]
    }

    remember(peerKey: PeerKey, mid: number, response: Buffer) {
        if (response.length > DEDUP_BYTES) return
        const old = this.find(peerKey, mid)
        if (old >= 0) this.remove(old)
        while (this.keys.length >= DEDUP_ENTRIES || this.bytes + response.length > DEDUP_BYTES) this.remove(0)
        this.keys.push(peerKey)
        this.mids.push(mid)
        this.times.push(ds.millis())
        this.responses.push(response)
        this.bytes += response.length
    }

    size() {
        return this.keys.length
    }

    private find(peerKey: PeerKey, mid: number) {
        for (let i = 0; i < this.keys.length; ++i) if (this.mids[i] === mid && this.keys[i] === peerKey) return i
        return -1
    }

    private remove(i: number) {
        this.bytes -= this.responses[i].length
        this.keys.insert(i, -1)
        this.mids.insert(i, -1)
        this.times.insert(i, -1)
        this.responses.insert(i, -1)
    }
}
