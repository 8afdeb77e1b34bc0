import { CoapMessage, CoapOption } from "./message"
import { CODE_EMPTY, TYPE_ACK, TYPE_NON, TYPE_RST } from "./constants"
import { BODY_MAX, MAX_OPTIONS, URI_MAX } from "../limits"

// Strict parser for one CoAP datagram (RFC 7252 §3). It never reads past the end and never throws: every byte
// string is either a message, something to drop silently, or a message format error the server answers per §4.2/§4.3.

/** A well-formed message: `msg` holds it. */
export const PARSE_OK = 0
/** Drop without any reply: shorter than the 4-byte header, or a version other than 1. */
export const PARSE_IGNORE = 1
/** Message format error: `type` and `mid` say whom to RST (CON) or that it is to be ignored (ACK/RST). */
export const PARSE_REJECT = 2

// Highest option number: the number field is 16 bits (RFC 7252 §5.4.6, §12.2).
const MAX_OPTION_NUMBER = 0xffff
const PAYLOAD_MARKER = 0xff

export interface ParseResult {
    status: number
    /** The message; only when status is PARSE_OK. */
    msg: CoapMessage
    /** From the header whenever its 4 bytes were there, otherwise -1. */
    type: number
    mid: number
}

function result(status: number, msg: CoapMessage, type: number, mid: number): ParseResult {
    return { status, msg, type, mid }
}

/**
 * Parses the CoAP message that starts at `offset` in `data` and runs to its end. Besides the §3 format errors this
 * rejects what §4.2/§4.3 call malformed: an ACK carrying a request, a non-Empty RST, an Empty NON, any Empty message
 * with bytes after the header, codes of the reserved classes 1, 6 and 7, and more than MAX_OPTIONS options.
 */
export function parseMessage(data: Buffer, offset: number): ParseResult {
    const end = data.length
    if (offset < 0 || end - offset < 4) return result(PARSE_IGNORE, null, -1, -1)
    const first = data[offset]
    const type = (first >> 4) & 3
    const code = data[offset + 1]
    const mid = (data[offset + 2] << 8) | data[offset + 3]
    if (first >> 6 !== 1) return result(PARSE_IGNORE, null, type, mid)
    const reject = result(PARSE_REJECT, null, type, mid)

    const tkl = first & 0x0f
    const codeClass = code >> 5
    if (tkl > 8 || codeClass === 1 || codeClass >= 6) return reject
    const isRequest = codeClass === 0 && code !== CODE_EMPTY
    if (type === TYPE_ACK && isRequest) return reject
    if (type === TYPE_RST && code !== CODE_EMPTY) return reject
    if (type === TYPE_NON && code === CODE_EMPTY) return reject
    if (code === CODE_EMPTY && end - offset > 4) return reject

    let pos = offset + 4
    if (pos + tkl > end) return reject
    const token = data.slice(pos, pos + tkl)
    pos += tkl

    const options: CoapOption[] = []
    let num = 0
    let payload = Buffer.alloc(0)
    while (pos < end) {
        const head = data[pos++]
        if (head === PAYLOAD_MARKER) {
            if (pos === end) return reject
            // A payload over BODY_MAX is refused (4.13) unread: its first BODY_MAX + 1 bytes keep the verdict, and
            // a large datagram needs no second hole of its size for the copy (docs/architecture.md "Heap").
            payload = data.slice(pos, Math.min(end, pos + BODY_MAX + 1))
            break
        }
        // Each nibble may pull 0, 1 or 2 extension bytes (§3.1); -1 = reserved nibble 15 or bytes missing.
        const delta = readExtended(data, pos, end, head >> 4)
        if (delta < 0) return reject
        pos += extensionLength(head >> 4)
        const length = readExtended(data, pos, end, head & 0x0f)
        if (length < 0) return reject
        pos += extensionLength(head & 0x0f)
        num += delta
        if (num > MAX_OPTION_NUMBER || pos + length > end || options.length >= MAX_OPTIONS) return reject
        // So is an option value over URI_MAX (4.02, or ignored when elective): URI_MAX + 1 bytes of it are copied.
        options.push({ num, value: data.slice(pos, pos + Math.min(length, URI_MAX + 1)) })
        pos += length
    }
    return result(PARSE_OK, { type, code, mid, token, options, payload }, type, mid)
}

function extensionLength(nibble: number) {
    return nibble === 13 ? 1 : nibble === 14 ? 2 : 0
}

/** The delta or length a nibble stands for, reading its extension bytes at `pos`; -1 when malformed. */
function readExtended(data: Buffer, pos: number, end: number, nibble: number): number {
    if (nibble < 13) return nibble
    if (nibble === 13) return pos + 1 <= end ? data[pos] + 13 : -1
    if (nibble === 14) return pos + 2 <= end ? ((data[pos] << 8) | data[pos + 1]) + 269 : -1
    return -1
}
