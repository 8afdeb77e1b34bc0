// SNTPv4 packets (RFC 4330; RFC 5905 §7.3): the 48-byte client request and the checks a server's reply must pass.
// Timestamps are 64 bits big-endian: seconds since 1900 (u32) and a binary fraction (u32). The VM's bit operators
// are signed 32-bit and a number beyond 2^31 reads as falsy in a condition, so u32 fields are built from bytes by
// multiplication and compared explicitly.

export const NTP_PACKET_LENGTH = 48
const MODE_CLIENT = 3
const MODE_SERVER = 4
const VERSION = 4
const LEAP_UNSYNCHRONIZED = 3
const STRATUM_MAX = 15
const REFERENCE_ID_AT = 12
const ORIGINATE_AT = 24
const TRANSMIT_AT = 40
const TWO_POW_31 = 2147483648
const TWO_POW_32 = 4294967296
/** Seconds from 1900-01-01 (the NTP epoch) to 1970-01-01 (the Unix epoch). */
export const NTP_UNIX_OFFSET = 2208988800

/** A client request (LI 0, VN 4, mode 3) whose transmit timestamp is `nonce` (8 bytes): the reply must echo it. */
export function sntpRequest(nonce: Buffer): Buffer {
    const packet = Buffer.alloc(NTP_PACKET_LENGTH)
    packet[0] = (VERSION << 3) | MODE_CLIENT
    packet.blitAt(TRANSMIT_AT, nonce, 0, 8)
    return packet
}

export interface SntpReply {
    /** Why the reply is unusable, or null. */
    problem: string
    /** The kiss code of a kiss-of-death (stratum 0, e.g. "RATE", "DENY"), or null. */
    kiss: string
    /** The server's transmit time in Unix milliseconds (when there is no problem). */
    unixMs: number
}

/** The u32 big-endian at `at`. */
function u32(buf: Buffer, at: number): number {
    return buf[at] * 16777216 + buf[at + 1] * 65536 + buf[at + 2] * 256 + buf[at + 3]
}

/**
 * NTP seconds to Unix seconds. The 32-bit seconds wrap on 2036-02-07T06:28:16Z; as RFC 4330 §3 suggests, values
 * with the top bit clear are read as the next era, which covers 1968..2104.
 */
export function ntpToUnixSeconds(ntpSeconds: number): number {
    const era = ntpSeconds >= TWO_POW_31 ? 0 : TWO_POW_32
    return ntpSeconds + era - NTP_UNIX_OFFSET
}

/** Four bytes of a kiss code as text; hex when they are not printable ASCII. */
function kissCode(buf: Buffer, at: number): string {
    const code = buf.slice(at, at + 4)
    for (let i = 0; i < 4; ++i) if (code[i] < 0x20 || code[i] > 0x7e) return "0x" + code.toString("hex")
    return code.toString("utf-8")
}

function bad(problem: string): SntpReply {
    return { problem, kiss: null, unixMs: 0 }
}

/** Checks the reply at `offset` of `frame` against the request `sent` (RFC 4330 §5). */
export function checkSntpReply(frame: Buffer, offset: number, sent: Buffer): SntpReply {
    if (frame.length - offset < NTP_PACKET_LENGTH) return bad("short reply: " + (frame.length - offset) + " bytes")
    const reply = frame.slice(offset, offset + NTP_PACKET_LENGTH)
    const mode = reply[0] & 7
    const version = (reply[0] >> 3) & 7
    if (mode !== MODE_SERVER) return bad("mode " + mode + ", not 4 (server)")
    if (version !== 3 && version !== 4) return bad("version " + version)
    // Before anything else the reply says is believed: only a reply to our request echoes its nonce.
    for (let i = 0; i < 8; ++i)
        if (reply[ORIGINATE_AT + i] !== sent[TRANSMIT_AT + i]) return bad("originate timestamp is not our request's")
    const stratum = reply[1]
    if (stratum === 0) return { problem: "kiss-of-death", kiss: kissCode(reply, REFERENCE_ID_AT), unixMs: 0 }
    if (stratum > STRATUM_MAX) return bad("stratum " + stratum)
    if (reply[0] >> 6 === LEAP_UNSYNCHRONIZED) return bad("server not synchronized (leap indicator 3)")
    const seconds = u32(reply, TRANSMIT_AT)
    const fraction = u32(reply, TRANSMIT_AT + 4)
    if (seconds === 0 && fraction === 0) return bad("transmit timestamp is zero")
    return {
        problem: null,
        kiss: null,
        unixMs: ntpToUnixSeconds(seconds) * 1000 + Math.floor((fraction * 1000) / TWO_POW_32),
    }
}
