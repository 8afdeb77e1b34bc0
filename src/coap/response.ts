import {
    CODE_BAD_OPTION,
    CODE_GET,
    CODE_UNAUTHORIZED,
    CODE_VALID,
    FORMAT_JSON,
    OPT_BLOCK2,
    OPT_CONTENT_FORMAT,
    OPT_ECHO,
    OPT_ETAG,
    OPT_SIZE2,
} from "./constants"
import { CoapMessage, CoapOption } from "./message"
import { serializeMessage } from "./serialize"
import { addOption, encodeUint, findOption } from "./options"
import { BlockValue, blockSize, decodeBlock, encodeBlock } from "./block"
import { Reply, emptyReply } from "./exchange"
import { BodyWindow, renderWindow } from "./body-window"
import { AddressCheck } from "./address-check"
import { sameBytes } from "../bytes/same-bytes"
import { AMPLIFICATION_FACTOR, BLOCKS_SZX, SERVER_SZX } from "../limits"

// The server's outgoing messages, responses and notifications alike: message IDs, ETags keyed per boot, the body
// rendered once and cut to the Block2 block asked for (RFC 7959), and the amplification bound for a peer that has
// not proved its address (RFC 9175).

/** Sends a frame: the peer header, then the datagram (net/peer.ts). */
export type Send = (frame: Buffer) => void

/** What an outgoing message is, besides the reply it carries. */
export interface ResponseHead {
    /** Where it goes: the peer header. */
    peer: Buffer
    /** The request it answers; absent for a notification. */
    req?: CoapMessage
    /** That request's datagram size: the amplification bound is AMPLIFICATION_FACTOR times it. */
    requestSize?: number
    type: number
    mid: number
    token: Buffer
}

/** The block a request asks for (Block2), or null for none. */
function askedBlock(req: CoapMessage): BlockValue {
    const asked = req ? findOption(req, OPT_BLOCK2) : undefined
    return asked ? decodeBlock(asked.value) : null
}

/** The most bytes of a body the answer to `req` may carry: its Block2 size, at most ours. */
export function firstBlockBytes(req: CoapMessage): number {
    const block = askedBlock(req)
    return blockSize(block && block.szx < SERVER_SZX ? block.szx : SERVER_SZX)
}

/**
 * Renders `result`'s body once: the bytes of the block `req` asks for (the first without Block2), as many as the
 * largest block the answer may carry, and the total.
 */
function windowOf(req: CoapMessage, result: Reply): BodyWindow {
    const block = askedBlock(req)
    return renderWindow(result.body, block ? block.num * blockSize(block.szx) : 0, firstBlockBytes(req))
}

/**
 * The requested block of the rendered `window` (see windowOf()), at most blockSize(maxSzx) bytes, in pieces; adds
 * Block2/Size2 when the body spans blocks. Null: NUM past end.
 */
function block2(req: CoapMessage, window: BodyWindow, options: CoapOption[], maxSzx: number): Buffer[] {
    const asked = askedBlock(req)
    const block: BlockValue = asked || { num: 0, more: false, szx: maxSzx }
    // A body one block of ours cannot carry goes in smaller blocks (limits.ts BLOCKS_SZX).
    if (window.total > blockSize(SERVER_SZX) && maxSzx > BLOCKS_SZX) maxSzx = BLOCKS_SZX
    const szx = block.szx < maxSzx ? block.szx : maxSzx
    const size = blockSize(szx)
    // Early negotiation with a smaller size than the client's earlier blocks keeps the byte offset (§2.4).
    const start = block.num * blockSize(block.szx)
    if (start > 0 && start >= window.total) return null
    const more = start + size < window.total
    if (asked || more) {
        addOption(options, OPT_BLOCK2, encodeBlock(start / size, more, szx))
        if (start === 0 && req && findOption(req, OPT_SIZE2)) addOption(options, OPT_SIZE2, encodeUint(window.total))
    }
    return window.pieces(size)
}

export class ResponseEncoder {
    private nextMid = Math.floor(Math.random() * 0x10000)
    /** Our ETags are the resources' XORed with this per-boot secret, so a returned ETag proves the address. */
    private etagKey = Buffer.from([
        Math.floor(Math.random() * 256),
        Math.floor(Math.random() * 256),
        Math.floor(Math.random() * 256),
        Math.floor(Math.random() * 256),
    ])

    constructor(private addresses: AddressCheck) {}

    /** A message ID for a message of ours (a NON response, a notification). */
    newMid() {
        this.nextMid = (this.nextMid + 1) & 0xffff
        return this.nextMid
    }

    /**
     * The encoded reply as a frame (the peer header, then the datagram), kept within AMPLIFICATION_FACTOR x the
     * request's size for a peer that has not proved its address: a representation goes out in smaller Block2 blocks
     * (the client fetches the rest, each block request again answered within the factor), an error loses its
     * diagnostic, and an Echo option offers the proof (RFC 9175). The answer to a state-changing request is not cut: it is one session, at most ~600 bytes.
     * Notifications are not cut either (clients reassemble a notification's blocks badly): an observer whose
     * address is unproved gets no retransmissions instead, so a spoofed registration costs one notification.
     */
    limited(head: ResponseHead, result: Reply, extra: CoapOption[]): Buffer {
        const req = head.req
        // A GET that returns our ETag is answered 2.03 without its body (RFC 7252 §5.10.6).
        if (result.etag && req && req.code === CODE_GET && this.etagReturned(req, result.etag))
            result = emptyReply(CODE_VALID, result.etag)
        // The body is rendered once, for the largest block it may go out in; a cut block is the start of it. An
        // error's body is whole, not the block the request asked for of another representation.
        const asked = result.code < 0x80 ? req : null
        const window = result.body ? windowOf(asked, result) : null
        const full = this.encode(head, asked, result, extra.slice(0), SERVER_SZX, window)
        // The frames start with the peer header, which does not go on the wire.
        const limit = AMPLIFICATION_FACTOR * head.requestSize + head.peer.length
        if (!req || full.length <= limit || this.addresses.isVerified(head.peer)) return full
        const options = extra.slice(0)
        addOption(options, OPT_ECHO, this.addresses.echoFor(head.peer))
        if (result.code >= 0x80) return this.encode(head, req, emptyReply(result.code), options, SERVER_SZX, null)
        if (!result.body || req.code !== CODE_GET) return full
        // Header, token, options, payload marker, and room for Content-Format and Block2 to come.
        const bare = this.encode(head, req, emptyReply(result.code, result.etag), options.slice(0), SERVER_SZX, null)
        const room = limit - bare.length - 8
        for (let szx = SERVER_SZX - 1; szx >= 0; --szx)
            if (blockSize(szx) <= room) return this.encode(head, req, result, options, szx, window)
        return this.encode(head, req, emptyReply(CODE_UNAUTHORIZED), options, SERVER_SZX, null)
    }

    /** Whether the request carries the ETag we give this representation. */
    etagReturned(msg: CoapMessage, etag: Buffer): boolean {
        const wire = this.keyed(etag)
        for (const o of msg.options) if (o.num === OPT_ETAG && sameBytes(o.value, wire)) return true
        return false
    }

    /** A resource's ETag as it goes on the wire. */
    keyed(etag: Buffer): Buffer {
        if (!etag) return null
        const out = Buffer.alloc(etag.length)
        for (let i = 0; i < etag.length; ++i) out[i] = etag[i] ^ this.etagKey[i & 3]
        return out
    }

    /** The frame of the message `head` with `result`, its body cut as `asked` (the request, or null) asks. */
    private encode(
        head: ResponseHead,
        asked: CoapMessage,
        result: Reply,
        options: CoapOption[],
        maxSzx: number,
        window: BodyWindow
    ) {
        let code = result.code
        let pieces: Buffer[] = []
        if (result.etag) addOption(options, OPT_ETAG, this.keyed(result.etag))
        if (result.body) {
            const block = block2(asked, window, options, maxSzx)
            if (block) {
                pieces = block
                addOption(options, OPT_CONTENT_FORMAT, encodeUint(result.format))
            } else {
                code = CODE_BAD_OPTION
                pieces = [Buffer.from('{"error":"Block2 beyond the end"}')]
                addOption(options, OPT_CONTENT_FORMAT, encodeUint(FORMAT_JSON))
            }
        }
        const response: CoapMessage = {
            type: head.type,
            code,
            mid: head.mid,
            token: head.token,
            options,
            payload: hex``, // the body goes as `pieces`
        }
        return serializeMessage(response, head.peer, pieces)
    }
}
