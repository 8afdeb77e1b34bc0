'use strict'
// CoAP group communication for the simulator (RFC 7252 section 8; README "Finding the base"): the base also
// listens on All-CoAP-Nodes, 224.0.1.187, at its own port, so `GET /.well-known/core` sent to the group finds it.
// The board layer does it, not the firmware: requests from the group reach the VM like any other, and the rules
// for their replies are applied here on the way out:
//   - only Non-confirmable requests are taken from the group (8.1: a multicast request is NON; anything else is
//     ignored, never answered with a Reset);
//   - a reply that is an error (4.xx, 5.xx) or a Reset is not sent (8.2: "no response" to a request that fails);
//   - the others go out from the unicast socket after a random wait of up to LEISURE_MS (8.2, Leisure).

const GROUP = '224.0.1.187'
/** Leisure: the RFC's default is 5 s for large groups; a restaurant has a few bases on its network. */
const LEISURE_MS = 200
/** Group requests waiting for their reply: bounded, the oldest is forgotten first. */
const PENDING_MAX = 32

const TYPE_NON = 1
const TYPE_RST = 3

/** Version, type, code and token of a CoAP message (RFC 7252 3); null when it is not one. */
function coapHead(msg) {
    if (msg.length < 4 || msg[0] >> 6 !== 1) return null
    const tkl = msg[0] & 15
    if (tkl > 8 || msg.length < 4 + tkl) return null
    return { type: (msg[0] >> 4) & 3, code: msg[1], token: msg.subarray(4, 4 + tkl).toString('hex') }
}

/** Remembers the group's requests and says what may happen to the VM's replies to them. */
function groupReplies() {
    const pending = new Set()
    const key = (address, port, token) => `${address}|${port}|${token}`
    return {
        /** A datagram that came to the group: true when it is a NON request the VM may see. */
        accept(msg, rinfo) {
            const h = coapHead(msg)
            if (!h || h.type !== TYPE_NON || h.code === 0 || h.code >> 5 !== 0) return false
            if (pending.size >= PENDING_MAX) pending.delete(pending.values().next().value)
            pending.add(key(rinfo.address, rinfo.port, h.token))
            return true
        },
        /**
         * What to do with a datagram the VM sends to `peer`: 'send' (not a reply to the group), 'drop' (an error
         * or a Reset for a group request) or 'leisure' (a reply to a group request).
         */
        reply(payload, peer) {
            const h = coapHead(payload)
            if (!h) return 'send'
            const k = key(peer.address, peer.port, h.token)
            if (!pending.has(k)) return 'send'
            pending.delete(k)
            return h.type === TYPE_RST || h.code >> 5 >= 4 ? 'drop' : 'leisure'
        },
    }
}

module.exports = { GROUP, LEISURE_MS, groupReplies }
