import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { CODE_GET, CODE_TOO_MANY_REQUESTS, CODE_UNAUTHORIZED, OPT_ACCESS_TOKEN } from "../coap/constants"
import { errorReply } from "../coap/errors"
import { findOption } from "../coap/options"
import { Resource } from "../coap/resource"
import { Reply } from "../coap/exchange"
import { CoapMessage } from "../coap/message"
import { readBinarySetting } from "../settings/small-setting"
import { Copy, keyOf, stageSetting } from "../settings/atomic-commit"
import { ipv4Peer } from "../net/peer"
import { LOGIN_FREE_FAILS } from "../limits"
import { hmacSha256 } from "../bytes/hmac"

// Access control (README "Security", docs/api.md "Access control"). An open base serves everyone; once an access
// secret is set it is locked: changes need a trusted address (trustedClients) or a token from POST /v1/login, reads
// follow readAccess. Stored under "access": [readTrusted u8][salt 16][HMAC-SHA256(salt, secret) 32][clients 5 each].
// Tokens and the login throttle live in RAM only: a restart revokes every token.

const KEY = "access"
/** trustedClients entries at most (docs/api.md 3.4 says 8). */
const CLIENTS_MAX = 8

export class Access {
    /** As stored: [flags: 1 reads need trust, 2 locked][salt 16, HMAC-SHA256(salt, secret) 32 when locked][clients]. */
    stored: Buffer
    /** Tokens (hex) each followed by when it expires, oldest first. */
    tokens: any[] = []
    /** Login throttle (see check): failures, and when the next try may come (ms), per entry; missing: none. */
    private fails: number[] = []
    private until: number[] = []

    constructor() {
        this.load()
    }

    /** The settings as flash holds them; a base never claimed is open. */
    load() {
        this.stored = readBinarySetting(keyOf(Copy.Access, KEY, 0)) || Buffer.alloc(1)
    }

    /** Trusted subnets, 5 bytes each: IPv4 address, prefix length. */
    clients(): Buffer {
        return this.stored.slice(this.stored[0] & 2 ? 49 : 1)
    }

    /**
     * Stages the settings for the next commit; a `secret` (not null) replaces the old one ("" unlocks) and revokes
     * every token.
     */
    change(secret: string, clients: Buffer, readTrusted: boolean) {
        let key = this.stored.slice(1, this.stored[0] & 2 ? 49 : 1)
        if (secret !== null) {
            const salt = randomBuffer(16)
            key = secret ? Buffer.concat(salt, hmacSha256(salt, [secret])) : Buffer.alloc(0)
            this.tokens = []
        }
        this.stored = Buffer.concat(Buffer.from([(readTrusted ? 1 : 0) | (key.length ? 2 : 0)]), key, clients)
        stageSetting(Copy.Access, KEY, this.stored)
    }

    /** Whether `peer` is in trustedClients. 127.0.0.1, the HTTP mapping's own source, never is. */
    trusted(peer: Buffer): boolean {
        if (peer[0] !== 4 || peer.slice(1, 5).toString("hex") === "7f000001") return false
        const c = this.clients()
        for (let i = 0; i + 5 <= c.length; i += 5) {
            let differ = 0
            for (let k = 0; k < 4; ++k)
                differ |= (peer[1 + k] ^ c[i + k]) & (0xff00 >> Math.max(0, Math.min(8, c[i + 4] - 8 * k)))
            if ((differ & 0xff) === 0) return true
        }
        return false
    }

    /** Whether `msg` carries a token from a login that has not expired. */
    hasToken(msg: CoapMessage): boolean {
        const opt = findOption(msg, OPT_ACCESS_TOKEN)
        const i = opt ? this.tokens.indexOf(opt.value.toString("hex")) : -1
        return i >= 0 && this.tokens[i + 1] > ds.millis()
    }

    /** The refusal of `msg` from `peer` for `resource`, or null when it may go on. */
    gate(peer: Buffer, msg: CoapMessage, resource: Resource): Reply {
        const flags = this.stored[0]
        if (!(flags & 2) || resource.path === "v1/login" || (msg.code === CODE_GET && !(flags & 1))) return null
        if (this.trusted(peer) || this.hasToken(msg)) return null
        return errorReply(CODE_UNAUTHORIZED, "the base is locked: log in or use a trusted address", null)
    }

    /**
     * null when `secret` is the base's, else 4.01, or 4.29 (Max-Age set) while `peer` has to wait. Failures are
     * counted per group of addresses (the last byte's low 3 bits: 8 entries, no lookup) and all together (entry 0).
     */
    check(peer: Buffer, secret: string): Reply {
        const i = 1 + (peer[peer[0]] & 7)
        const now = ds.millis()
        const wait = Math.max(this.until[i] || 0, this.until[0] || 0) - now
        if (wait > 0) {
            const r = errorReply(CODE_TOO_MANY_REQUESTS, "too many failed logins: try again later", null)
            r.maxAge = Math.ceil(wait / 1000)
            return r
        }
        const key = this.stored
        if (key[0] & 2 && same(hmacSha256(key.slice(1, 17), [secret]), key.slice(17, 49))) {
            this.fails[i] = this.fails[0] = 0
            return null
        }
        this.fail(i, LOGIN_FREE_FAILS, now)
        this.fail(0, LOGIN_FREE_FAILS * 3, now)
        return errorReply(CODE_UNAUTHORIZED, "wrong secret", "secret")
    }

    /** Counts a failure; past `free` of them each doubles the wait, 1 s up to 64 s. */
    private fail(i: number, free: number, now: number) {
        const over = (this.fails[i] = (this.fails[i] || 0) + 1) - free
        if (over > 0) this.until[i] = now + (1000 << Math.min(over - 1, 6))
    }
}

/** Compares in constant time for equal lengths. */
function same(a: Buffer, b: Buffer): boolean {
    let d = a.length ^ b.length
    for (let i = 0; i < a.length && i < b.length; ++i) d |= a[i] ^ b[i]
    return d === 0
}

/** Reads trustedClients (["a.b.c.d/n", ...]) into 5-byte entries; null when malformed. */
export function parseClients(list: any): Buffer {
    if (!Array.isArray(list) || list.length > CLIENTS_MAX) return null
    const out = Buffer.alloc(list.length * 5)
    for (let i = 0; i < list.length; ++i) {
        const entry = "" + list[i]
        const slash = entry.indexOf("/")
        const address = ipv4Peer(entry.slice(0, slash), 0)
        // The prefix length read as an address's last part: a plain decimal 0..255 (so no second "/"), at most 32.
        const bits = ipv4Peer("0.0.0." + entry.slice(slash + 1), 0)
        if (slash < 0 || !address || !bits || bits[4] > 32) return null
        out.blitAt(i * 5, address, 1, 4)
        out[i * 5 + 4] = bits[4]
    }
    return out
}
