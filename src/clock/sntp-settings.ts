import { ipv4Peer } from "../net/peer"
import { Persistence, readSmallSetting, writeSmallSetting } from "../settings/small-setting"

// The SNTP server and the UTC offset applied to its time, persisted under their own settings key: the "base" value
// is already close to the platform's 232-byte limit per value.

const KEY = "sntp"
export const NTP_PORT = 123
export const UTC_OFFSET_MIN = -720
export const UTC_OFFSET_MAX = 840

/**
 * The peer header of an SNTP server given as "a.b.c.d" (port 123) or "a.b.c.d:port"; undefined for anything else.
 * IPv4 literals only: the UDP contract has no name resolution.
 */
export function sntpServerPeer(text: string): Buffer {
    const colon = text.indexOf(":")
    if (colon < 0) return ipv4Peer(text, NTP_PORT)
    const portText = text.slice(colon + 1)
    const port = parseInt(portText)
    if (!(port >= 1 && port <= 65535) || "" + port !== portText) return undefined
    return ipv4Peer(text.slice(0, colon), port)
}

export class SntpSettings {
    /** "" when SNTP is off. */
    server = ""
    /** Minutes east of UTC: the clock shows local time without a zone, as the T7470 does. */
    utcOffsetMinutes = 0

    constructor(private persistence: Persistence) {}

    /** Reads the stored values; a missing or garbled value keeps the defaults (off, UTC). */
    load() {
        if (!this.persistence) return
        const stored = readSmallSetting(KEY)
        if (!stored || typeof stored !== "object") return
        if (typeof stored.server === "string" && (stored.server === "" || sntpServerPeer(stored.server)))
            this.server = stored.server
        const offset = stored.utcOffsetMinutes
        const inRange = typeof offset === "number" && offset >= UTC_OFFSET_MIN && offset <= UTC_OFFSET_MAX
        if (inRange && Math.floor(offset) === offset) this.utcOffsetMinutes = offset
    }

    save() {
        if (this.persistence) writeSmallSetting(KEY, { server: this.server, utcOffsetMinutes: this.utcOffsetMinutes })
    }

    /** The server's peer header, or null when SNTP is off. */
    peer(): Buffer {
        return this.server === "" ? null : sntpServerPeer(this.server)
    }
}
