import { ipv4Peer } from "../net/peer"
import { Persistence, readSmallSetting } from "../settings/small-setting"
import { Copy, keyOf, stageSetting } from "../settings/atomic-commit"

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
    server: string
    /** Minutes east of UTC: the clock shows local time without a zone, as the T7470 does. */
    utcOffsetMinutes = 0

    /** `defaultServer`: the server of a base that never set one ("" for off). */
    constructor(
        private persistence: Persistence,
        private defaultServer: string
    ) {
        this.server = defaultServer
    }

    /**
     * The stored values; a missing or garbled one is its default (the default server, UTC). Called again after a
     * commit failed, it undoes a change the flash store did not take.
     */
    load() {
        if (!this.persistence) return
        const value = readSmallSetting(keyOf(Copy.Sntp, KEY, 0))
        const stored = value && typeof value === "object" ? value : {}
        const server = stored.server
        this.server =
            typeof server === "string" && (server === "" || sntpServerPeer(server)) ? server : this.defaultServer
        const offset = stored.utcOffsetMinutes
        const inRange = typeof offset === "number" && offset >= UTC_OFFSET_MIN && offset <= UTC_OFFSET_MAX
        this.utcOffsetMinutes = inRange && Math.floor(offset) === offset ? offset : 0
    }

    save() {
        if (this.persistence)
            stageSetting(
                Copy.Sntp,
                KEY,
                Buffer.from(JSON.stringify({ server: this.server, utcOffsetMinutes: this.utcOffsetMinutes }))
            )
    }

    /** The server's peer header, or null when SNTP is off. */
    peer(): Buffer {
        return this.server === "" ? null : sntpServerPeer(this.server)
    }
}
