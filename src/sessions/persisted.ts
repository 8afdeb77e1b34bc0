import {
    OFF_CLEAR_TYPE,
    OFF_LABEL,
    OFF_LABEL_JSON,
    OFF_LABEL_LEN,
    OFF_STATE,
    RECORD_FIXED_BYTES,
    RECORD_SIZE,
    STATE_FREE,
    isValidHead,
    labelBytes,
    measureLabel,
} from "./record"
import { UUID_BYTES, hasUuid } from "./uuid"
import { utf8Text } from "../text/utf8"

// How the ring's records sit in settings (docs/storage.md): binary, SLOTS_PER_KEY records under one key, so the
// per-entry cost of the flash store (24 bytes + rounding) is paid once for several sessions.
//
//   key "ses<g>"  the records of slots g*2 and g*2+1, one after the other:
//                 a free slot is one byte 0; a slot in use is its record's bytes 0-2 and 4-31 (byte 3, the
//                 label's JSON length, is derived again on load), then its uuid unless it is derived, then its
//                 label bytes: 31 + label bytes, 16 more for a stored uuid. Byte 1 holds a flag above the
//                 clear type: bit 6 "the uuid is derived" (clear in every record of the firmware before: their
//                 uuids stay). Bit 7 is 0 (the layout before commits were atomic set it: docs/storage.md).

export const SLOTS_PER_KEY = 2
/** Slot keys of the hex layout: its largest ring had 36 slots. */
export const LEGACY_SLOTS = 36
const PREFIX = "ses"
const QUOTE = 0x22
const STORED_HEAD = RECORD_FIXED_BYTES - 1
const DERIVED_UUID = 0x40
/** The bits of byte 1 below the flags: the clear type. */
const CLEAR_TYPE_BITS = 0x3f
/** The hex layout's record: the fixed part, the uuid at 32 and the label at 48. */
const HEX_UUID = 32
const HEX_LABEL = 48

export function groupKey(group: number): string {
    return PREFIX + group
}

/** Whether a stored value is in the hex layout (one slot as a JSON string). */
export function isLegacyValue(value: Buffer): boolean {
    return value !== null && value[0] === QUOTE
}

/**
 * The binary value of the group of slots starting at `first` (records: the store's in-memory buffer, uuids: the
 * stored uuids, 16 bytes per slot, or null when every uuid is derived).
 */
export function encodeGroup(records: Buffer, uuids: Buffer, first: number): Buffer {
    let size = 0
    for (let slot = first; slot < first + SLOTS_PER_KEY; ++slot) size += storedSize(records, uuids, slot)
    const out = Buffer.alloc(size)
    let at = 0
    for (let slot = first; slot < first + SLOTS_PER_KEY; ++slot) {
        const base = slot * RECORD_SIZE
        const n = storedSize(records, uuids, slot)
        if (n > 1) {
            const stored = hasUuid(uuids, slot)
            out.blitAt(at, records, base, OFF_LABEL_JSON)
            out.blitAt(at + OFF_LABEL_JSON, records, base + OFF_LABEL_JSON + 1, STORED_HEAD - OFF_LABEL_JSON)
            if (!stored) out[at + OFF_CLEAR_TYPE] |= DERIVED_UUID
            let label = at + STORED_HEAD
            if (stored) {
                out.blitAt(label, uuids, slot * UUID_BYTES, UUID_BYTES)
                label += UUID_BYTES
            }
            out.blitAt(label, records, base + OFF_LABEL, at + n - label)
        }
        at += n
    }
    return out
}

/**
 * Restores the group's slots starting at `first` from its binary value into `records` and their stored uuids into
 * `uuids` (null: none expected); a slot whose bytes are not a consistent record reads as free. Returns false when
 * the value is not a whole group (nothing restored).
 */
export function decodeGroup(value: Buffer, records: Buffer, uuids: Buffer, first: number): boolean {
    const starts: number[] = []
    let at = 0
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        if (at >= value.length) return false
        starts.push(at)
        at +=
            value[at + OFF_STATE] === STATE_FREE
                ? 1
                : STORED_HEAD +
                  (value[at + OFF_CLEAR_TYPE] & DERIVED_UUID ? 0 : UUID_BYTES) +
                  labelBytes(value[at + OFF_LABEL_LEN])
    }
    if (at !== value.length) return false
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        const slot = first + i
        const start = starts[i]
        const flags = value[start + OFF_CLEAR_TYPE]
        const clearType = flags & CLEAR_TYPE_BITS
        records.fillAt(slot * RECORD_SIZE, RECORD_SIZE, 0)
        if (uuids) uuids.fillAt(slot * UUID_BYTES, UUID_BYTES, 0)
        const state = value[start + OFF_STATE]
        if (state === STATE_FREE || !isValidHead(state, clearType, value[start + OFF_LABEL_LEN])) continue
        const base = slot * RECORD_SIZE
        records.blitAt(base, value, start, OFF_LABEL_JSON)
        records[base + OFF_CLEAR_TYPE] = clearType
        records.blitAt(base + OFF_LABEL_JSON + 1, value, start + OFF_LABEL_JSON, STORED_HEAD - OFF_LABEL_JSON)
        let label = start + STORED_HEAD
        if (!(flags & DERIVED_UUID)) {
            if (uuids) uuids.blitAt(slot * UUID_BYTES, value, label, UUID_BYTES)
            label += UUID_BYTES
        }
        records.blitAt(base + OFF_LABEL, value, label, labelBytes(value[start + OFF_LABEL_LEN]))
        measureLabel(records, base)
    }
    return true
}

/** Restores one slot from a hex-layout value; false when it holds no consistent record (the slot stays free). */
export function decodeLegacy(value: Buffer, records: Buffer, uuids: Buffer, slot: number): boolean {
    let hex: any = null
    try {
        hex = JSON.parse(utf8Text(value))
    } catch (e) {
        return false
    }
    if (typeof hex !== "string" || !hex.length) return false
    const bytes = Buffer.from(hex, "hex")
    // Re-encoding catches non-hex characters and odd lengths the decoder may have skipped.
    if (bytes.toString("hex") !== hex) return false
    const len = bytes[OFF_LABEL_LEN]
    if (!isValidHead(bytes[OFF_STATE], bytes[OFF_CLEAR_TYPE], len) || bytes.length !== HEX_LABEL + labelBytes(len))
        return false
    const base = slot * RECORD_SIZE
    records.blitAt(base, bytes, 0, HEX_UUID)
    if (uuids) uuids.blitAt(slot * UUID_BYTES, bytes, HEX_UUID, UUID_BYTES)
    records.blitAt(base + OFF_LABEL, bytes, HEX_LABEL, labelBytes(len))
    measureLabel(records, base)
    return true
}

/** Bytes the slot takes in its group's value: 1 when free. */
function storedSize(records: Buffer, uuids: Buffer, slot: number): number {
    const base = slot * RECORD_SIZE
    if (records[base + OFF_STATE] === STATE_FREE) return 1
    return STORED_HEAD + (hasUuid(uuids, slot) ? UUID_BYTES : 0) + labelBytes(records[base + OFF_LABEL_LEN])
}
