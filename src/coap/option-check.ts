import {
    CODE_BAD_OPTION,
    CODE_PROXYING_NOT_SUPPORTED,
    OPT_PROXY_SCHEME,
    OPT_PROXY_URI,
    OPT_URI_PATH,
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

// The critical options recognised, 5 bytes each: number (u16 little-endian), least and most value bytes, 1 when it
// may repeat (RFC 7252 §5.10 table 4, RFC 7959, RFC 9175; Access-Token: docs/api.md). Elective options are never
// looked up: one not recognised is ignored (§5.4.1). A buffer literal, so the table costs no code.
const KNOWN = hex`
    0100 00 08 01 // If-Match (1)
    0300 01 ff 00 // Uri-Host (3)
    0500 00 00 00 // If-None-Match (5)
    0700 00 02 00 // Uri-Port (7)
    0b00 00 ff 01 // Uri-Path (11)
    0f00 00 ff 01 // Uri-Query (15)
    1100 00 02 00 // Accept (17)
    1700 00 03 00 // Block2 (23)
    1b00 00 03 00 // Block1 (27)
    ebfd 00 10 00 // Access-Token (65003)
`

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
        const at = specOf(opt.num)
        const n = opt.value.length
        if (at < 0 || n < KNOWN[at + 2] || n > KNOWN[at + 3] || (repeated && !KNOWN[at + 4]))
            return errorReply(CODE_BAD_OPTION, "bad option " + opt.num, null)
    }
    if (uriBytes > URI_MAX)
        return errorReply(CODE_BAD_OPTION, "Uri-Path and Uri-Query longer than " + URI_MAX + " bytes", null)
    return null
}

/** Where the spec of critical option `num` starts in KNOWN, or -1 when it is not recognised. */
function specOf(num: number): number {
    for (let at = 0; at < KNOWN.length; at += 5) if (KNOWN.getAt(at, "u16") === num) return at
    return -1
}
