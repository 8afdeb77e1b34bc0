import {
    LABEL_MAX_BYTES,
    LABEL_NULL,
    OFF_CLEAR_TYPE,
    OFF_LABEL_JSON,
    OFF_LABEL_LEN,
    OFF_STATE,
    RECORD_SIZE,
    STATE_FREE,
    isValidHead,
    labelBytes,
    labelJsonLength,
} from "./record"
import { UUID_BYTES, hasUuid } from "./uuid"
import { utf8Text } from "../text/utf8"
import { Evict, LabelFrames } from "./label-frames"

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
const STORED_HEAD = RECORD_SIZE - 1
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
 * stored uuids, 16 bytes per slot, or null when every uuid is derived; labels: where their bytes are, each in a
 * frame).
 */
export function encodeGroup(records: Buffer, uuids: Buffer, labels: LabelFrames, first: number): Buffer {
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
            // A label without a frame is left as zeros, for copyStoredLabels().
            const frame = labels.frame(slot)
            if (frame >= 0) out.blitAt(label, labels.bytes, frame * LABEL_MAX_BYTES, at + n - label)
        }
        at += n
    }
    return out
}

/** Where each slot's bytes start in a group's binary value; null when the value is not a whole group. */
function entryStarts(value: Buffer): number[] {
    const starts: number[] = []
    let at = 0
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        if (at >= value.length) return null
        starts.push(at)
        at +=
            value[at + OFF_STATE] === STATE_FREE
                ? 1
                : STORED_HEAD + uuidBytes(value[at + OFF_CLEAR_TYPE]) + labelBytes(value[at + OFF_LABEL_LEN])
    }
    return at === value.length ? starts : null
}

/** The bytes of a stored uuid after the head, by the head's byte 1. */
function uuidBytes(flags: number): number {
    return flags & DERIVED_UUID ? 0 : UUID_BYTES
}

/** Where the label of the slot whose bytes start at `at` of a group's value starts: after its head and uuid. */
function labelStart(value: Buffer, at: number): number {
    return at + STORED_HEAD + uuidBytes(value[at + OFF_CLEAR_TYPE])
}

/**
 * The label bytes of the `index`th slot of a group's binary value, for a label that left RAM; null when the value
 * holds no such slot.
 */
export function storedLabel(value: Buffer, index: number): Buffer {
    const starts = value ? entryStarts(value) : null
    if (!starts) return null
    const at = starts[index]
    const length = value[at + OFF_LABEL_LEN]
    if (value[at + OFF_STATE] === STATE_FREE || length === LABEL_NULL) return null
    const label = labelStart(value, at)
    return value.slice(label, label + length)
}

/**
 * Copies into `value`, a group's value from encodeGroup(), the labels it lacks (bit i of `missing`: its i-th slot's)
 * from `stored`, the group's value in flash, where they must be of the same length. Throws when they are not there.
 */
export function copyStoredLabels(value: Buffer, stored: Buffer, missing: number) {
    const starts = entryStarts(value)
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        if (!((missing >> i) & 1)) continue
        const at = starts[i]
        const label = storedLabel(stored, i)
        if (!label || label.length !== value[at + OFF_LABEL_LEN]) throw new Error("label not in flash")
        value.blitAt(labelStart(value, at), label, 0, label.length)
    }
}

/**
 * Restores the group's slots starting at `first` from its binary value into `records`, their stored uuids into
 * `uuids` (null: none expected) and their labels into `labels` while it has free frames; a slot whose bytes are not
 * a consistent record reads as free. Returns false when the value is not a whole group (nothing restored).
 */
export function decodeGroup(
    value: Buffer,
    records: Buffer,
    uuids: Buffer,
    labels: LabelFrames,
    first: number
): boolean {
    const starts = entryStarts(value)
    if (!starts) return false
    for (let i = 0; i < SLOTS_PER_KEY; ++i) {
        const slot = first + i
        const start = starts[i]
        const flags = value[start + OFF_CLEAR_TYPE]
        const clearType = flags & CLEAR_TYPE_BITS
        records.fillAt(slot * RECORD_SIZE, RECORD_SIZE, 0)
        if (uuids) uuids.fillAt(slot * UUID_BYTES, UUID_BYTES, 0)
        const state = value[start + OFF_STATE]
        labels.release(slot)
        if (state === STATE_FREE || !isValidHead(state, clearType, value[start + OFF_LABEL_LEN])) continue
        const base = slot * RECORD_SIZE
        records.blitAt(base, value, start, OFF_LABEL_JSON)
        records[base + OFF_CLEAR_TYPE] = clearType
        records.blitAt(base + OFF_LABEL_JSON + 1, value, start + OFF_LABEL_JSON, STORED_HEAD - OFF_LABEL_JSON)
        const label = labelStart(value, start)
        if (uuids && !(flags & DERIVED_UUID)) uuids.blitAt(slot * UUID_BYTES, value, start + STORED_HEAD, UUID_BYTES)
        restoreLabel(records, labels, slot, value, label)
    }
    return true
}

/** Sets the label of restored `slot` from the bytes at `at` of `src`, its length byte already in the record. */
function restoreLabel(records: Buffer, labels: LabelFrames, slot: number, src: Buffer, at: number) {
    const base = slot * RECORD_SIZE
    const len = records[base + OFF_LABEL_LEN]
    const n = labelBytes(len)
    records[base + OFF_LABEL_JSON] = labelJsonLength(len === LABEL_NULL ? null : utf8Text(src.slice(at, at + n)))
    // Only into a free frame: the labels that find none stay in flash (a load marks nothing dirty).
    if (!(n && labels.put(slot, src, at, n, Evict.None, null))) labels.release(slot)
}

/** Restores one slot from a hex-layout value; false when it holds no consistent record (the slot stays free). */
export function decodeLegacy(
    value: Buffer,
    records: Buffer,
    uuids: Buffer,
    labels: LabelFrames,
    slot: number
): boolean {
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
    records.blitAt(slot * RECORD_SIZE, bytes, 0, RECORD_SIZE)
    if (uuids) uuids.blitAt(slot * UUID_BYTES, bytes, HEX_UUID, UUID_BYTES)
    // A hex-layout ring had at most LEGACY_SLOTS slots, fewer than any ring's frames: every label gets one.
    restoreLabel(records, labels, slot, bytes, HEX_LABEL)
    return true
}

/** Bytes the slot takes in its group's value: 1 when free. */
function storedSize(records: Buffer, uuids: Buffer, slot: number): number {
    const base = slot * RECORD_SIZE
    if (records[base + OFF_STATE] === STATE_FREE) return 1
    return STORED_HEAD + (hasUuid(uuids, slot) ? UUID_BYTES : 0) + labelBytes(records[base + OFF_LABEL_LEN])
}
