// The UDP contract's datagram framing (docs/udp-contract.md):
//   [addrLen u8 (4 or 16)] [addr: addrLen bytes] [port u16 big-endian] [payload]
// A peer is kept as its header bytes: they are what a reply must start with. In a received frame the first byte's
// top two bits say what the runtime found the payload asks for (Asked); takeAsked clears them.

/** What a received datagram asks for, as the runtime found it ("Pages first" in docs/udp-contract.md). */
export const enum Asked {
    Nothing = 0,
    /** POST /v1/page: a page that commits nothing. */
    Page = 1,
    /** The page action, or a session created with it. */
    PageOnSession = 2,
}

/** What the runtime marked `frame` as asking for; leaves its first byte the plain address length. */
export function takeAsked(frame: Buffer): Asked {
    const asked = frame[0] >> 6
    frame[0] &= 0x3f
    return asked
}

/** Length of the peer header at the start of `frame`, or 0 when it is malformed. */
export function peerHeaderLength(frame: Buffer): number {
    const len = frame.length > 0 ? frame[0] : 0
    if (len !== 4 && len !== 16) return 0
    if (frame.length < len + 3) return 0
    return len + 3
}

/** A peer header for an IPv4 address "a.b.c.d" and port; undefined when the text is not such an address. */
export function ipv4Peer(address: string, port: number): Buffer {
    const header = Buffer.alloc(7)
    header[0] = 4
    let from = 0
    for (let i = 0; i < 4; ++i) {
        // The last part runs to the end: a fifth one makes it no plain decimal.
        const dot = i < 3 ? address.indexOf(".", from) : address.length
        if (dot < 0) return undefined
        const part = address.slice(from, dot)
        const n = parseInt(part)
        if (!(n >= 0 && n <= 255) || "" + n !== part) return undefined
        header[1 + i] = n
        from = dot + 1
    }
    header[5] = (port >> 8) & 0xff
    header[6] = port & 0xff
    return header
}

/**
 * What the tables that outlive a request (rate limits, dedup, held answers, address checks) key a peer by: for
 * IPv4 a number, address and port in 48 bits (exact in a double), so a row holds no object of the heap; for IPv6
 * the header in hex. A string per row landed in whatever hole was free and cut the heap (docs/architecture.md "Heap").
 */
export type PeerKey = number | string

export function peerKeyOf(header: Buffer): PeerKey {
    return header[0] === 4 ? header.getAt(1, "u32") * 0x10000 + header.getAt(5, "u16") : header.toString("hex")
}

/** The key of a peer's address alone, all its ports. */
export function addressKeyOf(key: PeerKey): PeerKey {
    return typeof key === "number" ? Math.floor(key / 0x10000) : key.slice(2, 34)
}

/** "a.b.c.d:port" (or hex for IPv6) for logs. */
export function peerName(header: Buffer): string {
    const len = header[0]
    const port = (header[len + 1] << 8) | header[len + 2]
    if (len !== 4) return "[" + header.slice(1, 1 + len).toString("hex") + "]:" + port
    return header[1] + "." + header[2] + "." + header[3] + "." + header[4] + ":" + port
}
