import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { ADDRESS_CHECK_PEERS, ADDRESS_VERIFIED_MS, AMPLIFICATION_FACTOR } from "../limits"

// Anti-amplification (RFC 7252 §11.3, RFC 9175 §2.4): until a peer has shown that it receives what we send to its
// address, no response to it is more than AMPLIFICATION_FACTOR times the size of its request. A peer proves its
// address by sending back something unpredictable it could only have received from us: an Echo option value
// (RFC 9175), an ETag (ours are keyed with a per-boot secret), or the ACK of a confirmable notification.

/** The amplification bound, also for the CoAP server. */

export class AddressCheck {
    private keys: string[] = []
    private echoes: Buffer[] = []
    private verifiedAt: number[] = []

    isVerified(peer: Buffer): boolean {
        const i = this.keys.indexOf(peer.toString("hex"))
        return i >= 0 && this.verifiedAt[i] > 0 && ds.millis() - this.verifiedAt[i] < ADDRESS_VERIFIED_MS
    }

    verify(peer: Buffer) {
        this.verifiedAt[this.entry(peer)] = ds.millis()
    }

    /** The Echo value this peer is to send back. */
    echoFor(peer: Buffer): Buffer {
        return this.echoes[this.entry(peer)]
    }

    /** Verifies the peer when `value` is the Echo it was given. */
    checkEcho(peer: Buffer, value: Buffer) {
        const i = this.keys.indexOf(peer.toString("hex"))
        if (i >= 0 && value.toString("hex") === this.echoes[i].toString("hex")) this.verifiedAt[i] = ds.millis()
    }

    private entry(peer: Buffer): number {
        const key = peer.toString("hex")
        let i = this.keys.indexOf(key)
        if (i >= 0) return i
        if (this.keys.length >= ADDRESS_CHECK_PEERS) {
            // Forget the peer verified longest ago (unverified ones first).
            i = 0
            for (let j = 1; j < this.keys.length; ++j) if (this.verifiedAt[j] < this.verifiedAt[i]) i = j
            this.keys[i] = key
            this.echoes[i] = randomBuffer(8)
            this.verifiedAt[i] = 0
            return i
        }
        this.keys.push(key)
        this.echoes.push(randomBuffer(8))
        this.verifiedAt.push(0)
        return this.keys.length - 1
    }
}
