import { CoapMessage } from "./message"

// Encoder for CoAP messages (RFC 7252 §3): computes the exact size first, then fills one Buffer.

/** Bytes of the extension that a delta or length of `n` needs (§3.1): 0-12 none, 13-268 one, more two. */
function extensionLength(n: number) {
    return n < 13 ? 0 : n < 269 ? 1 : 2
}

function nibble(n: number) {
    return n < 13 ? n : n < 269 ? 13 : 14
}

/** Writes the extension bytes of `n` at `pos`; returns the position after them. */
function writeExtension(out: Buffer, pos: number, n: number): number {
    if (n >= 269) {
        out[pos] = (n - 269) >> 8
        out[pos + 1] = (n - 269) & 0xff
        return pos + 2
    }
    if (n >= 13) {
        out[pos] = n - 13
        return pos + 1
    }
    return pos
}

/**
 * The frame for `msg`: `peer` (a peer header; empty for the bare datagram), then the message, its payload `pieces`
 * (by default msg.payload). Built in one buffer: a 1 KB response needs one hole of its size in the heap, not three
 * (docs/architecture.md "Heap"). Its options must be sorted by number (addOption keeps them so); throws otherwise.
 */
export function serializeMessage(msg: CoapMessage, peer: Buffer, pieces?: Buffer[]): Buffer {
    const tkl = msg.token.length
    if (tkl > 8) throw new RangeError("token longer than 8 bytes")
    const body = pieces || [msg.payload]
    // The bytes before the payload: header, token, options, and the payload marker when there is a payload.
    let size = 4 + tkl
    let prev = 0
    for (const opt of msg.options) {
        const delta = opt.num - prev
        if (delta < 0) throw new RangeError("options not sorted")
        size += 1 + extensionLength(delta) + extensionLength(opt.value.length) + opt.value.length
        prev = opt.num
    }
    let marker = false
    for (const piece of body) if (piece.length > 0) marker = true
    if (marker) size++

    const out = Buffer.concat(peer, Buffer.alloc(size), ...body)
    const at = peer.length
    out[at] = 0x40 | ((msg.type & 3) << 4) | tkl
    out[at + 1] = msg.code
    out[at + 2] = msg.mid >> 8 // a byte keeps the low 8 bits
    out[at + 3] = msg.mid
    out.blitAt(at + 4, msg.token, 0, tkl)
    let pos = at + 4 + tkl
    prev = 0
    for (const opt of msg.options) {
        const delta = opt.num - prev
        const length = opt.value.length
        out[pos++] = (nibble(delta) << 4) | nibble(length)
        pos = writeExtension(out, pos, delta)
        pos = writeExtension(out, pos, length)
        out.blitAt(pos, opt.value, 0, length)
        pos += length
        prev = opt.num
    }
    if (marker) out[pos] = 0xff
    return out
}

/**
 * An Empty message (code 0.00, no token; 4 bytes behind `peer`, which may be empty): an empty ACK, or the RST that
 * rejects a message or answers a ping.
 */
export function emptyMessage(type: number, mid: number, peer: Buffer): Buffer {
    return serializeMessage({ type, code: 0, mid, token: hex``, options: [], payload: hex`` }, peer)
}
