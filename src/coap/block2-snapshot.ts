import * as ds from "@devicescript/core"
import { OPT_BLOCK2, OPT_URI_QUERY } from "./constants"
import { decodeBlock } from "./block"
import { CoapMessage } from "./message"
import { findOption, optionStrings } from "./options"
import { BodyWriter, Reply } from "./resource"

// Each block of a Block2 transfer is rendered afresh for its own request, so a client would stitch together bytes
// of different moments. A transfer is the blocks from one peer for one URI within SNAPSHOT_MS of its first block.
// - A representation without an ETag (status, statistics, settings, one session) changes at any time: the status by
//   the second, and a field that grows by one digit between blocks leaves the client with broken JSON. Such a body
//   is rendered once, to text, and the later blocks of its transfer are cut from that text.
// - A representation with an ETag (the lists) may be large, and its ETag tells a client that it changed between
//   blocks; but the T7470 envelope's timestamp changes under the same ETag. The later blocks of a transfer are
//   rendered as of its first block's moment (Request.at), which the last MOMENTS_MAX transfers keep.

/** Bodies up to this size are kept for their transfer; the ones without an ETag are all far smaller. */
export const SNAPSHOT_MAX = 1024
/** How long a transfer's later blocks may take. */
export const SNAPSHOT_MS = 5000
/** Transfers whose first block's moment is kept: a few clients fetching lists at once. */
export const MOMENTS_MAX = 4

/** The transfer a GET of `path` belongs to: its peer (`peerKey`) and URI. */
export function transferKey(peerKey: string, path: string, msg: CoapMessage): string {
    return peerKey + " " + path + "?" + optionStrings(msg, OPT_URI_QUERY).join("&")
}

/** Whether `msg` asks for a block after the first. */
export function laterBlock(msg: CoapMessage): boolean {
    const asked = findOption(msg, OPT_BLOCK2)
    const block = asked ? decodeBlock(asked.value) : null
    return block && block.num > 0
}

/** Collects a body's pieces into one text, up to SNAPSHOT_MAX bytes. */
class TextWriter implements BodyWriter {
    text = ""
    bytes = 0
    write(piece: string) {
        this.bytes += Buffer.from(piece).length
        if (this.bytes <= SNAPSHOT_MAX) this.text += piece
    }
    skip(length: number): boolean {
        return false
    }
}

export class Block2Snapshot {
    private key: string = null
    private text: string = null
    private at = 0
    private momentKeys: string[] = []
    private moments: number[] = []

    /**
     * The moment (a ds.millis() value) the answer to a GET of the transfer `key` is of: its first block's for a
     * `later` block, else now (a first block, or no Block2 option, starts a new transfer).
     */
    moment(key: string, later: boolean): number {
        const now = ds.millis()
        let i = this.momentKeys.indexOf(key)
        if (i >= 0 && later && now - this.moments[i] <= SNAPSHOT_MS) return this.moments[i]
        if (i < 0 && this.momentKeys.length < MOMENTS_MAX) i = this.momentKeys.length
        // A table full of other transfers: the one started longest ago makes room.
        if (i < 0) {
            i = 0
            for (let j = 1; j < MOMENTS_MAX; ++j) if (this.moments[j] < this.moments[i]) i = j
        }
        this.momentKeys[i] = key
        this.moments[i] = now
        return now
    }

    /**
     * `reply`, a 2.05 to a GET of the transfer `key` without an ETag, with a body that renders the same text for
     * every block of one transfer. A first block (not `later`, or no Block2 option) starts a new transfer.
     */
    steady(key: string, later: boolean, reply: Reply): Reply {
        const now = ds.millis()
        if (later && key === this.key && now - this.at <= SNAPSHOT_MS) return withText(reply, this.text)
        const writer = new TextWriter()
        reply.body(writer)
        if (writer.bytes > SNAPSHOT_MAX) return reply
        this.key = key
        this.text = writer.text
        this.at = now
        return withText(reply, writer.text)
    }

    /** Lets go of a snapshot whose transfer is over (call now and then). */
    expire() {
        if (this.key !== null && ds.millis() - this.at > SNAPSHOT_MS) {
            this.key = null
            this.text = null
        }
    }
}

function withText(reply: Reply, text: string): Reply {
    return { code: reply.code, format: reply.format, etag: null, body: out => out.write(text) }
}
