// One session as a fixed-size binary record; the store keeps `capacity` of them in one preallocated Buffer.
//
//   offset size  field
//    0      1    state       0 = slot free, 1 = started, 2 = paged, 3 = cleared (finished, in history)
//    1      1    clearType   0 = none, 1 = STOP (action clear), 2 = REMOVED (action remove / DELETE)
//    2      1    labelLen    UTF-8 bytes of the label, 0..LABEL_MAX_BYTES; 0xFF = null label (distinct from "")
//    3      1    labelJson   bytes of the label as a JSON value (null, or the quoted string): derived, not persisted
//    4      2    number      pager number (u16)
//    6      2    partySize   u16
//    8      4    id          unique, sequential per created session (u32)
//   12      4    goal        target seconds (u32)
//   16      4    created     epoch seconds (u32)
//   20      4    notified    epoch seconds of the first page; 0 = not paged
//   24      4    cleared     epoch seconds of the finish; 0 = not finished
//   28      4    sequence    globalSessionSequence at the session's last change (u32)
//   32     32    label       UTF-8 bytes, labelLen of them used
//   = 64 bytes. All multi-byte fields little-endian (the only byte order Buffer.getAt knows).
//
// The session's uuid is not in the record: it is derived from the id and the creation time (uuid.ts), or, for a
// session stored by an earlier firmware, kept by the store beside the records. Persisted copies (persisted.ts) hold
// the used bytes without labelJson, so an unlabelled session costs 31 bytes.

import { utf8Text } from "../text/utf8"
import { jsonQuote } from "../json/quote"

export const LABEL_MAX_BYTES = 32
export const RECORD_FIXED_BYTES = 32
export const RECORD_SIZE = RECORD_FIXED_BYTES + LABEL_MAX_BYTES

export const OFF_STATE = 0
export const OFF_CLEAR_TYPE = 1
export const OFF_LABEL_LEN = 2
export const OFF_LABEL_JSON = 3
/** The numeric fields, by offset: u16 below Field.Id, u32 from it (SessionStore.field). */
export const enum Field {
    Number = 4,
    PartySize = 6,
    Id = 8,
    Goal = 12,
    Created = 16,
    /** 0 = not paged */
    Notified = 20,
    /** 0 = not finished */
    Cleared = 24,
    /** globalSessionSequence at the session's last change */
    Sequence = 28,
}
export const OFF_LABEL = 32

export const STATE_FREE = 0
export const STATE_STARTED = 1
export const STATE_PAGED = 2
export const STATE_CLEARED = 3

/** The clearType byte: how a session was finished (STOP: cleared, REMOVED: removed), None while active. */
export const enum ClearType {
    None = 0,
    Stop = 1,
    Removed = 2,
}

const LABEL_NULL = 0xff

/** Whether a label can be stored whole (null always can); a longer one is the caller's error, never truncated. */
export function labelFits(label: string | null): boolean {
    return label === null || Buffer.from(label).length <= LABEL_MAX_BYTES
}

/** Throws RangeError for a label that does not fit. */
export function checkLabel(label: string | null) {
    if (!labelFits(label)) throw new RangeError("label longer than " + LABEL_MAX_BYTES + " UTF-8 bytes")
}

/** Stores the label of the record at `base`; throws RangeError if it does not fit. */
export function writeLabel(buf: Buffer, base: number, label: string | null) {
    checkLabel(label)
    buf.fillAt(base + OFF_LABEL, LABEL_MAX_BYTES, 0)
    if (label === null) {
        buf[base + OFF_LABEL_LEN] = LABEL_NULL
    } else {
        const bytes = Buffer.from(label)
        buf[base + OFF_LABEL_LEN] = bytes.length
        buf.blitAt(base + OFF_LABEL, bytes, 0, bytes.length)
    }
    measureLabel(buf, base)
}

/** Sets labelJson of the record at `base` from its label (after a load, which does not persist it). */
export function measureLabel(buf: Buffer, base: number) {
    const label = readLabel(buf, base)
    // "null", or the quoted string: at most 2 + 6 x 32 bytes (every byte a \u00XX escape), so it fits a byte.
    buf[base + OFF_LABEL_JSON] = label === null ? 4 : Buffer.from(jsonQuote(label)).length
}

export function readLabel(buf: Buffer, base: number): string | null {
    const len = buf[base + OFF_LABEL_LEN]
    if (len === LABEL_NULL) return null
    return utf8Text(buf.slice(base + OFF_LABEL, base + OFF_LABEL + len))
}

/** Whether a record's state, clear type and label length (as stored) make a consistent slot in use. */
export function isValidHead(state: number, clearType: number, labelLen: number): boolean {
    if (state < STATE_STARTED || state > STATE_CLEARED) return false
    if (labelLen > LABEL_MAX_BYTES && labelLen !== LABEL_NULL) return false
    const finishedType = clearType === ClearType.Stop || clearType === ClearType.Removed
    return state === STATE_CLEARED ? finishedType : clearType === ClearType.None
}

/** Label bytes stored for a label length byte (none for the null label). */
export function labelBytes(labelLen: number): number {
    return labelLen === LABEL_NULL ? 0 : labelLen
}
