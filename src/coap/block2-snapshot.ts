import * as ds from "@devicescript/core"
import { OPT_BLOCK2, OPT_URI_PATH, OPT_URI_QUERY } from "./constants"
import { decodeBlock } from "./block"
import { CoapMessage } from "./message"
import { findOption, optionStrings } from "./options"
import { BodyWriter, Reply } from "./resource"

// A representation without an ETag (status, statistics, settings, one session) is rendered afresh for each request,
// so a client fetching it in Block2 blocks would stitch together bytes of different moments: the status changes by
// the second, and a field that grows by one digit between blocks leaves the client with broken JSON. Such a body
// is rendered once, to text, and the later blocks of the same transfer (same peer and URI, within
// SNAPSHOT_MS) are cut from that text. Representations with an ETag (the lists) are left alone: they are the large
// ones, and the ETag tells a client that the representation changed between blocks.

/** Bodies up to this size are kept for their transfer; the ones without an ETag are all far smaller. */
export const SNAPSHOT_MAX = 1024
/** How long a transfer's later blocks may take. */
export const SNAPSHOT_MS = 5000

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

    /**
     * `reply`, a 2.05 to `msg` (a GET from the peer `peerKey`) without an ETag, with a body that renders the same
     * text for every block of one transfer. A first block (or no Block2 option) starts a new transfer.
     */
    steady(peerKey: string, msg: CoapMessage, reply: Reply): Reply {
        const uri = optionStrings(msg, OPT_URI_PATH).join("/") + "?" + optionStrings(msg, OPT_URI_QUERY).join("&")
        const key = peerKey + " " + uri
        const asked = findOption(msg, OPT_BLOCK2)
        const block = asked ? decodeBlock(asked.value) : null
        const now = ds.millis()
        const later = block && block.num > 0
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
