import { CoapMessage } from "./message"

// What the server hands a resource (Request), and what a resource hands back (Reply, its Body). At the bottom of
// the CoAP imports: the observer table and the resources both use it. Nothing here knows about pagers.

/** Receives a representation in pieces; see BodyWindow for why it is never one big string. */
export interface BodyWriter {
    write(piece: string): void
    /**
     * For a piece whose byte length the renderer knows without building it: true when the writer does not need its
     * bytes (it lies outside the requested block) and has counted it; false when the renderer must write() it.
     */
    skip(length: number): boolean
}

/** Renders a representation; called once per block, so it must render the same bytes for the same ETag. */
export type Body = (out: BodyWriter) => void

export interface Request {
    msg: CoapMessage
    method: number
    peer: Buffer
    /** The request body (reassembled when it came in Block1 blocks). */
    payload: Buffer
    /**
     * The moment (a ds.millis() value) the representation is of: for a later block of a Block2 transfer, its first
     * block's, so that what says when it was produced says the same in every block; else now.
     */
    at: number
}

export interface Reply {
    code: number
    /** Content-Format of the body, or -1 without a body. */
    format: number
    body: Body
    /** ETag of the representation (GET replies); null for none. */
    etag: Buffer
    /** Max-Age in seconds to send (a 4.29's wait); absent for none. */
    maxAge?: number
}

/** A reply that carries only a code (2.02, 2.03, ...), and the representation's ETag when given. */
export function emptyReply(code: number, etag?: Buffer): Reply {
    return { code, format: -1, body: null, etag: etag || null }
}
