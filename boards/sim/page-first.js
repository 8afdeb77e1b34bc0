'use strict'
// Pages first, in the runner's mailbox (docs/udp-contract.md, "Pages first"). The runtime marks what a received
// datagram asks for in the top two bits of its peer header's first byte, and hands a page to the VM ahead of the
// other datagrams waiting, never ahead of an earlier datagram from the same peer. boards/esp32/udp/page_first.c is
// the ESP32's side of the same rule; test/host/page-asked-cases.js holds both to the same cases.

/** What a datagram asks for (the peer header's bits 6-7). */
const ASKS_NOTHING = 0
const ASKS_PAGE = 1
const ASKS_PAGE_ON_SESSION = 2
const ASKED_SHIFT = 6
const ADDRESS_LENGTH_MASK = 0x3f

const CODE_POST = 2
const CODE_PUT = 3
/** "page" in ASCII. */
const PAGE = [0x70, 0x61, 0x67, 0x65]
/** A Uri-Path option header of length 4 after another Uri-Path (delta 0): the segment "page" of /v1/page. */
const PATH_SEGMENT_OF_4 = 0x04
const QUOTE = 0x22

/**
 * What the CoAP message `payload` asks for, from its bytes (no parse): a POST or PUT holding the Uri-Path segment
 * "page" asks for a page, one holding the JSON string "page" ({"action":"page"}) a page on a session. A false
 * positive (a label "page") only gains precedence.
 */
function pageAsked(payload) {
    const code = payload[1]
    if (payload.length < 4 || (code !== CODE_POST && code !== CODE_PUT)) return ASKS_NOTHING
    for (let i = 5; i + PAGE.length <= payload.length; i++) {
        if (!PAGE.every((b, k) => payload[i + k] === b)) continue
        if (payload[i - 1] === PATH_SEGMENT_OF_4) return ASKS_PAGE
        if (payload[i - 1] === QUOTE && payload[i + PAGE.length] === QUOTE) return ASKS_PAGE_ON_SESSION
    }
    return ASKS_NOTHING
}

/** `frame` (peer header + payload) with what its payload asks for marked in the header's first byte. */
function markAsked(frame, payloadOffset) {
    frame[0] |= pageAsked(frame.subarray(payloadOffset)) << ASKED_SHIFT
    return frame
}

/** Whether two frames come from the same peer (their headers, the asked bits aside). */
function samePeer(a, b) {
    const length = a[0] & ADDRESS_LENGTH_MASK
    return length === (b[0] & ADDRESS_LENGTH_MASK) && a.subarray(1, length + 3).equals(b.subarray(1, length + 3))
}

/** Index in `frames` (in order of arrival) of the one to hand over next: the oldest from the first page's peer. */
function nextToHand(frames) {
    const page = frames.findIndex(f => f[0] >> ASKED_SHIFT !== ASKS_NOTHING)
    if (page <= 0) return 0
    return frames.findIndex(f => samePeer(f, frames[page]))
}

module.exports = { pageAsked, markAsked, nextToHand }
