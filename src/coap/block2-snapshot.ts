import * as ds from "@devicescript/core"
import { CODE_PRECONDITION_FAILED, OPT_BLOCK2, OPT_URI_QUERY } from "./constants"
import { decodeBlock } from "./block"
import { CoapMessage } from "./message"
import { findOption, optionStrings } from "./options"
import { BodyWriter, Reply } from "./exchange"
import { errorReply } from "./errors"
import { sameBytes } from "../bytes/same-bytes"
import { SNAPSHOT_BYTES, SNAPSHOT_MAX, SNAPSHOT_MS, TRANSFERS_MAX } from "../limits"
import { PeerKey } from "../net/peer"

// Each block of a Block2 transfer is rendered afresh for its own request, so a client would stitch together bytes
// of different moments. A transfer is the blocks from one peer for one URI within SNAPSHOT_MS of its first block;
// the last TRANSFERS_MAX transfers are remembered, with the moment of their first block (Request.at: the T7470
// envelope's timestamp says the same in every block) and what that block's representation was:
// - A representation without an ETag (status, statistics, settings, one session) changes at any time, and a field
//   that grows by one digit between blocks leaves the client with broken JSON. Its text is kept (up to
//   SNAPSHOT_MAX bytes, SNAPSHOT_BYTES for all transfers) when it spans blocks, and the later blocks are cut from it.
//   A hash of its bytes stands in for an ETag when the text could not be kept.
// - A representation with an ETag (the lists) may be far larger; the later blocks are rendered as of the first
//   block's moment, and its ETag must still be the first block's.
// A later block whose representation is no longer the first block's is 4.12 with a diagnostic: some clients
// (node-coap) do not compare ETags between blocks and would assemble two moments; they get an error instead, and
// fetch again.

/** The transfer a GET of `path` belongs to: its peer (`peerKey`) and URI. */
export function transferKey(peerKey: PeerKey, path: string, msg: CoapMessage): string {
    return peerKey + " " + path + "?" + optionStrings(msg, OPT_URI_QUERY).join("&")
}

/** Whether `msg` asks for a block after the first. */
export function laterBlock(msg: CoapMessage): boolean {
    const asked = findOption(msg, OPT_BLOCK2)
    const block = asked ? decodeBlock(asked.value) : null
    return block && block.num > 0
}

/** Collects a body's pieces into one text (up to SNAPSHOT_MAX bytes) and a 32-bit FNV-1a hash of all its bytes. */
class TextWriter implements BodyWriter {
    text = ""
    bytes = 0
    hash = 0x811c9dc5
    write(piece: string) {
        const b = Buffer.from(piece)
        this.bytes += b.length
        if (this.bytes <= SNAPSHOT_MAX) this.text += piece
        for (let i = 0; i < b.length; ++i) this.hash = Math.imul(this.hash ^ b[i], 0x01000193)
    }
    skip(length: number): boolean {
        return false
    }
}

/** One transfer: its first block's moment, and its representation's ETag (or hash, see TextWriter) and text. */
export interface Transfer {
    key: string
    at: number
    etag: Buffer
    text: string
}

export class Block2Snapshot {
    private transfers: Transfer[] = []

    /**
     * The transfer a GET belongs to: for a `later` block, the one its first block started, if remembered (else null:
     * rendered afresh, as of now); else a new one, of now.
     */
    begin(key: string, later: boolean): Transfer {
        const now = ds.millis()
        let t: Transfer = null
        for (const x of this.transfers) if (x.key === key) t = x
        if (later) return t && now - t.at <= SNAPSHOT_MS ? t : null
        if (t) this.transfers.insert(this.transfers.indexOf(t), -1)
        // A table full of other transfers: the one started longest ago makes room.
        if (this.transfers.length >= TRANSFERS_MAX) this.transfers.insert(0, -1)
        t = { key, at: now, etag: null, text: null }
        this.transfers.push(t)
        return t
    }

    /**
     * `reply`, a 2.05 with a body for transfer `t`, as the transfer's first block had it: the kept text, the same
     * ETag, or a 4.12 when it changed. A first block (not `later`) records it; its text is kept when the body is
     * longer than `blockBytes`, the most the first answer carries.
     */
    steady(t: Transfer, later: boolean, reply: Reply, blockBytes: number): Reply {
        if (later && t.text !== null) return withText(reply, t.text)
        if (reply.etag) {
            if (!later) t.etag = reply.etag
            return later && !(t.etag && sameBytes(reply.etag, t.etag)) ? changed() : reply
        }
        const writer = new TextWriter()
        reply.body(writer)
        const text = writer.bytes <= SNAPSHOT_MAX ? writer.text : null
        const hash = Buffer.alloc(4)
        hash.setAt(0, "i32", writer.hash)
        if (later && !(t.etag && sameBytes(hash, t.etag))) return changed()
        if (!later) t.etag = hash
        if (!later && text !== null && writer.bytes > blockBytes) this.keep(t, text)
        return text === null ? reply : withText(reply, text)
    }

    /** Keeps `text` for `t`, dropping the oldest transfers' texts beyond SNAPSHOT_BYTES (their hash remains). */
    private keep(t: Transfer, text: string) {
        t.text = text
        let bytes = 0
        for (let i = this.transfers.length - 1; i >= 0; --i) {
            const x = this.transfers[i]
            if (x.text === null) continue
            bytes += x.text.byteLength
            if (bytes > SNAPSHOT_BYTES && x !== t) x.text = null
        }
    }

    /** Lets go of transfers that are over (call now and then). */
    expire() {
        const now = ds.millis()
        const kept: Transfer[] = []
        for (const t of this.transfers) if (now - t.at <= SNAPSHOT_MS) kept.push(t)
        this.transfers = kept
    }
}

function withText(reply: Reply, text: string): Reply {
    return { code: reply.code, format: reply.format, etag: null, body: out => out.write(text) }
}

function changed(): Reply {
    return errorReply(CODE_PRECONDITION_FAILED, "changed since the first block: fetch it again from block 0", null)
}
