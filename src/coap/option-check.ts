import {
    CODE_BAD_OPTION,
    CODE_PROXYING_NOT_SUPPORTED,
    OPT_ACCEPT,
    OPT_ACCESS_TOKEN,
    OPT_BLOCK1,
    OPT_BLOCK2,
    OPT_CONTENT_FORMAT,
    OPT_ETAG,
    OPT_IF_MATCH,
    OPT_IF_NONE_MATCH,
    OPT_MAX_AGE,
    OPT_OBSERVE,
    OPT_PROXY_SCHEME,
    OPT_PROXY_URI,
    OPT_REQUEST_TAG,
    OPT_SIZE1,
    OPT_SIZE2,
    OPT_URI_HOST,
    OPT_URI_PATH,
    OPT_URI_PORT,
    OPT_URI_QUERY,
} from "./constants"
import { CoapMessage } from "./message"
import { isCritical } from "./options"
import { Reply } from "./exchange"
import { errorReply } from "./errors"
import { URI_MAX } from "../limits"

// RFC 7252 §5.4.1: an unrecognised critical option in a request is answered 4.02. "Recognised" includes value
// lengths in range and no repetition of a non-repeatable option (§5.4.5). Uri-Host and Uri-Port are recognised and
// ignored (libcoap's client sends Uri-Port whenever the port is not 5683). The Uri-Path and Uri-Query items of a
// request together are at most URI_MAX bytes: the longest request of the API is far shorter, and a request's URI is
// decoded to text (invalid bytes grow threefold as U+FFFD) and joined before anything else, so a datagram full of
// them would take kilobytes of a heap that may have ~11 KB left.

// [number, min length, max length, repeatable]
const KNOWN = [
    [OPT_IF_MATCH, 0, 8, 1],
    [OPT_URI_HOST, 1, 255, 0],
    [OPT_ETAG, 1, 8, 1],
    [OPT_IF_NONE_MATCH, 0, 0, 0],
    [OPT_OBSERVE, 0, 3, 0],
    [OPT_URI_PORT, 0, 2, 0],
    [OPT_URI_PATH, 0, 255, 1],
    [OPT_CONTENT_FORMAT, 0, 2, 0],
    [OPT_MAX_AGE, 0, 4, 0],
    [OPT_URI_QUERY, 0, 255, 1],
    [OPT_ACCEPT, 0, 2, 0],
    [OPT_BLOCK2, 0, 3, 0],
    [OPT_BLOCK1, 0, 3, 0],
    [OPT_SIZE2, 0, 4, 0],
    [OPT_SIZE1, 0, 4, 0],
    [OPT_REQUEST_TAG, 0, 8, 1],
    [OPT_ACCESS_TOKEN, 0, 16, 0],
]

/** null when the request's options are acceptable, else the error reply. */
export function checkOptions(msg: CoapMessage): Reply {
    let previous = -1
    let uriBytes = 0
    for (const opt of msg.options) {
        if (opt.num === OPT_PROXY_URI || opt.num === OPT_PROXY_SCHEME)
            return errorReply(CODE_PROXYING_NOT_SUPPORTED, "no proxying", null)
        const repeated = opt.num === previous
        previous = opt.num
        if (opt.num === OPT_URI_PATH || opt.num === OPT_URI_QUERY) uriBytes += opt.value.length
        if (!isCritical(opt.num)) continue
        const spec = specOf(opt.num)
        if (!spec || opt.value.length < spec[1] || opt.value.length > spec[2] || (repeated && !spec[3]))
            return errorReply(CODE_BAD_OPTION, "bad option " + opt.num, null)
    }
    if (uriBytes > URI_MAX)
        return errorReply(CODE_BAD_OPTION, "Uri-Path and Uri-Query longer than " + URI_MAX + " bytes", null)
    return null
}

function specOf(num: number): number[] {
    for (const spec of KNOWN) if (spec[0] === num) return spec
    return null
}
