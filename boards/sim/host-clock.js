'use strict'
// The host's clock as an SNTP server (RFC 4330) for the simulated base. The simulator has no wall clock and a new
// base would start at 2000-01-01; the firmware in the simulator uses the SNTP server HOST_CLOCK_PEER by default,
// and the runner answers it here with the host's UTC time (docs/udp-contract.md, "Runner services").

/** Where the firmware asks for the time: an address no real host has, so the runner knows the datagram is its. */
const HOST_CLOCK_PEER = '0.0.0.0:123'
const NTP_PACKET = 48
const NTP_UNIX_OFFSET = 2208988800
const MODE_CLIENT = 3
const MODE_SERVER = 4
const STRATUM = 1
// RFC 4330 §4: a stratum-1 server names its reference clock; LOCL is an uncalibrated local clock.
const REFERENCE_ID = 'LOCL'

/** The 8-byte NTP timestamp of `ms` since the Unix epoch. */
function ntpTimestamp(ms) {
    const out = Buffer.alloc(8)
    const seconds = Math.floor(ms / 1000)
    out.writeUInt32BE((seconds + NTP_UNIX_OFFSET) % 2 ** 32, 0)
    out.writeUInt32BE(Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32), 4)
    return out
}

/**
 * The server reply to an SNTP client request (RFC 4330 §5): leap indicator 0, the client's version, mode 4,
 * originate = the request's transmit timestamp, receive = transmit = reference = `nowMs`. Null for anything that
 * is not a client request (it is then dropped, as a server would).
 */
function sntpReply(request, nowMs = Date.now()) {
    if (request.length < NTP_PACKET || (request[0] & 7) !== MODE_CLIENT) return null
    const version = (request[0] >> 3) & 7
    const reply = Buffer.alloc(NTP_PACKET)
    reply[0] = (version << 3) | MODE_SERVER
    reply[1] = STRATUM
    reply[2] = request[2] // poll interval: the client's
    reply[3] = 0xec // precision 2^-20 s
    Buffer.from(REFERENCE_ID, 'latin1').copy(reply, 12)
    const now = ntpTimestamp(nowMs)
    now.copy(reply, 16)
    request.copy(reply, 24, 40, 48)
    now.copy(reply, 32)
    now.copy(reply, 40)
    return reply
}

module.exports = { HOST_CLOCK_PEER, sntpReply }
