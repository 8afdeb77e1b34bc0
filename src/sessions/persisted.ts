import {
    OFF_LABEL_JSON,
    OFF_LABEL_LEN,
    OFF_STATE,
    RECORD_FIXED_BYTES,
    RECORD_SIZE,
    STATE_FREE,
    isValidRecord,
    measureLabel,
    usedBytes,
    Field,
} from "./record"
import { utf8Text } from "../text/utf8"

// How the ring's records sit in settings (README "Storage"): binary, SLOTS_PER_KEY records under one key, so the
// per-entry cost of the flash store (24 bytes + rounding) is paid once for several sessions.
//
//   key "ses<g>"  the records of slots g*2 and g*2+1, one after the other:
//                 a free slot is one byte 0; a slot in use is its record's bytes 0-2 and 4..end (byte 3,
//                 the label's JSON length, is derived again on load), 47 + label bytes. Two full records:
//                 158 bytes, + "ses127" + NUL = 165 of the 232 a settings packet carries. Bit 7 of byte 1
//                 (the clear type) is the slot's "uncounted" flag: its last change was its first page (store.ts).

export const SLOTS_PER_KEY = 2
/** Slot keys of the hex layout: its largest ring had 36 slots. */
export const LEGACY_SLOTS = 36
const PREFIX = "ses"
const QUOTE = 0x22
const PERSISTED_FIXED = RECORD_FIXED_BYTES - 1
const OFF_FLAGS = 1
const UNCOUNTED = 0x80

export function groupKey(group: number): string {
    return PREFIX + group
}

/** Whether a stored value is in the hex layout (one slot as a JSON string). */
export function isLegacyValue(value: Buffer): boolean {
    return value !== null && value[0] === QUOTE
}

/**
 * The binary value of the group of slots starting at `first` (records: the store's in-memory buffer, uncounted:
 * its flag per slot).
 */
export function encodeGroup(records: Buffer, uncounted: Buffer, first: number): Buffer {
    let size = 0
    for (let slot = first; slot < first + SLOTS_PER_KEY; ++slot) size += persistedSize(records, slot * RECORD_SIZE)
    const out = Buffer.alloc(size)
    let at = 0
    for (let slot = first; slot < first + SLOTS_PER_KEY; ++slot) {
        const base = slot * RECORD_SIZE
        const n = persistedSize(records, base)
        if (n > 1) {
            out.blitAt(at, records, base, OFF_LABEL_JSON)
            out.blitAt(at + OFF_LABEL_JSON, records, base + Field.Number, n - OFF_LABEL_JSON)
            if (uncounted[slot]) out[at + OFF_FLAGS] |= UNCOUNTED
        }
        at += n
    }
    return out
}

/**
 * Restores the group's slots starting at `first` from its binary value into `records` and their flags into
 * `uncounted`; a slot whose bytes are not a consistent record reads as free. Returns false when the value is not a
 * whole group (nothing restored).
 */
export function decodeGroup(value: Buffer, records: Buffer, uncounted: Buffer, first: number): boolean {
    const ends: number[] = []
    let at = 0
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        if (at >= value.length) return false
        const n = value[at + OFF_STATE] === STATE_FREE ? 1 : PERSISTED_FIXED + labelBytes(value[at + OFF_LABEL_LEN])
        at += n
        ends.push(at)
    }
    if (at !== value.length) return false
    let start = 0
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        const base = (first + i) * RECORD_SIZE
        records.fillAt(base, RECORD_SIZE, 0)
        uncounted[first + i] = 0
        if (ends[i] - start > 1) {
            const record = Buffer.alloc(ends[i] - start + 1)
            record.blitAt(0, value, start, OFF_LABEL_JSON)
            record.blitAt(Field.Number, value, start + OFF_LABEL_JSON, ends[i] - start - OFF_LABEL_JSON)
            const flag = record[OFF_FLAGS] & UNCOUNTED
            record[OFF_FLAGS] &= ~UNCOUNTED
            if (isValidRecord(record)) {
                records.blitAt(base, record, 0, record.length)
                measureLabel(records, base)
                if (flag) uncounted[first + i] = 1
            }
        }
        start = ends[i]
    }
    return true
}

/** Restores one slot from a hex-layout value; false when it holds no consistent record (the slot stays free). */
export function decodeLegacy(value: Buffer, records: Buffer, slot: number): boolean {
    let hex: any = null
    try {
        hex = JSON.parse(utf8Text(value))
    } catch (e) {
        return false
    }
    if (typeof hex !== "string" || !hex.length) return false
    const bytes = Buffer.from(hex, "hex")
    // Re-encoding catches non-hex characters and odd lengths the decoder may have skipped.
    if (bytes.toString("hex") !== hex || !isValidRecord(bytes)) return false
    records.blitAt(slot * RECORD_SIZE, bytes, 0, bytes.length)
    measureLabel(records, slot * RECORD_SIZE)
    return true
}

function persistedSize(records: Buffer, base: number): number {
    return records[base + OFF_STATE] === STATE_FREE ? 1 : usedBytes(records, base) - 1
}

function labelBytes(labelLen: number): number {
    return labelLen === 0xff ? 0 : labelLen
}
