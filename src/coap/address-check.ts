import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { ADDRESS_CHECK_PEERS, ADDRESS_VERIFIED_MS } from "../limits"
import { PeerKey, peerKeyOf } from "../net/peer"
import { sameBytes } from "../bytes/same-bytes"

// Anti-amplification (RFC 7252 §11.3, RFC 9175 §2.4): until a peer has shown that it receives what we send to its
// address, no response to it is more than AMPLIFICATION_FACTOR times the size of its request. A peer proves its
// address by sending back something unpredictable it could only have received from us: an Echo option value
// (RFC 9175), an ETag (ours are keyed with a per-boot secret), or the ACK of a confirmable notification.

/** Bytes of the random Echo value a peer is given to send back. */
const ECHO_BYTES = 8

export class AddressCheck {
    private keys: PeerKey[] = []
    /** Row i's Echo value at i * ECHO_BYTES: one buffer for all rows, not one per peer (docs/architecture.md "Heap"). */
    private echoes = Buffer.alloc(ADDRESS_CHECK_PEERS * ECHO_BYTES)
    private verifiedAt: number[] = []

    isVerified(peer: Buffer): boolean {
        const i = this.keys.indexOf(peerKeyOf(peer))
        return i >= 0 && this.verifiedAt[i] > 0 && ds.millis() - this.verifiedAt[i] < ADDRESS_VERIFIED_MS
    }

    verify(peer: Buffer) {
        this.verifiedAt[this.entry(peer)] = ds.millis()
    }

    /** The Echo value this peer is to send back. */
    echoFor(peer: Buffer): Buffer {
        return this.echo(this.entry(peer))
    }

    /** Verifies the peer when `value` is the Echo it was given. */
    checkEcho(peer: Buffer, value: Buffer) {
        const i = this.keys.indexOf(peerKeyOf(peer))
        if (i >= 0 && sameBytes(value, this.echo(i))) this.verifiedAt[i] = ds.millis()
    }

    private echo(i: number): Buffer {
        return this.echoes.slice(i * ECHO_BYTES, (i + 1) * ECHO_BYTES)
    }

    private entry(peer: Buffer): number {
        const key = peerKeyOf(peer)
        let i = this.keys.indexOf(key)
        if (i >= 0) return i
        if (this.keys.length < ADDRESS_CHECK_PEERS) {
            i = this.keys.length
            this.keys.push(key)
            this.verifiedAt.push(0)
        } else {
            // Forget the peer verified longest ago (unverified ones first).
            i = 0
            for (let j = 1; j < this.keys.length; ++j) if (this.verifiedAt[j] < this.verifiedAt[i]) i = j
            this.keys[i] = key
            this.verifiedAt[i] = 0
        }
        this.echoes.blitAt(i * ECHO_BYTES, randomBuffer(ECHO_BYTES), 0, ECHO_BYTES)
        return i
    }
}
