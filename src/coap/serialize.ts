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

/** The datagram for `msg`. Its options must be sorted by number (addOption keeps them so); throws otherwise. */
export function serializeMessage(msg: CoapMessage): Buffer {
    const tkl = msg.token.length
    if (tkl > 8) throw new RangeError("token longer than 8 bytes")
    let size = 4 + tkl
    let prev = 0
    for (const opt of msg.options) {
        const delta = opt.num - prev
        if (delta < 0) throw new RangeError("options not sorted")
        size += 1 + extensionLength(delta) + extensionLength(opt.value.length) + opt.value.length
        prev = opt.num
    }
    if (msg.payload.length > 0) size += 1 + msg.payload.length

    const out = Buffer.alloc(size)
    out[0] = 0x40 | ((msg.type & 3) << 4) | tkl
    out[1] = msg.code
    out[2] = (msg.mid >> 8) & 0xff
    out[3] = msg.mid & 0xff
    out.blitAt(4, msg.token, 0, tkl)
    let pos = 4 + tkl
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
    if (msg.payload.length > 0) {
        out[pos++] = 0xff
        out.blitAt(pos, msg.payload, 0, msg.payload.length)
    }
    return out
}

/** A 4-byte Empty message (code 0.00, no token): an empty ACK, or the RST that rejects a message or answers a ping. */
export function emptyMessage(type: number, mid: number): Buffer {
    const out = Buffer.alloc(4)
    out[0] = 0x40 | ((type & 3) << 4)
    out[2] = (mid >> 8) & 0xff
    out[3] = mid & 0xff
    return out
}
