import { Field } from "./record"
import { hmacSha256 } from "../bytes/hmac"

// Session uuids, version 4 (RFC 4122: random or pseudo-random): 16 bytes with the version and variant bits set.
// A session's uuid is derived from its id and creation time with a random key the base stores once (HMAC-SHA256),
// so the records do not carry it; uuids stored by an earlier firmware are kept as they are, 16 bytes per slot beside
// the records (docs/storage.md "Session uuids").

export const UUID_BYTES = 16

/** Whether `slot` has a stored uuid in `uuids` (null: none has); a stored one has its version bits, never 0. */
export function hasUuid(uuids: Buffer, slot: number): boolean {
    return uuids !== null && uuids[slot * UUID_BYTES + 6] !== 0
}

/** The uuid of the record at `base`, from its id and creation time keyed with `key`: its first 16 bytes. */
export function derivedUuid(key: Buffer, records: Buffer, base: number): Buffer {
    const h = hmacSha256(key, [
        records.slice(base + Field.Id, base + Field.Id + 4),
        records.slice(base + Field.Created, base + Field.Created + 4),
    ])
    h[6] = (h[6] & 0x0f) | 0x40 // version 4
    h[8] = (h[8] & 0x3f) | 0x80 // variant 10xx
    return h
}

/** The 8-4-4-4-12 lower-case text of the 16 bytes at off. */
export function formatUuid(buf: Buffer, off: number): string {
    const hex = buf.slice(off, off + 16).toString("hex")
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-")
}
