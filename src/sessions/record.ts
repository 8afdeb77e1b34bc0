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
//   = 32 bytes. All multi-byte fields little-endian (the only byte order Buffer.getAt knows).
//
// The label's bytes are not in the record: they sit in a frame of the store's LabelFrames (label-frames.ts), or in
// flash only. Nor is the session's uuid: it is derived from the id and the creation time (uuid.ts), or, for a
// session stored by an earlier firmware, kept by the store beside the records. Persisted copies (persisted.ts) hold
// the record without labelJson, then the label's bytes, so an unlabelled session costs 31 bytes.

import { jsonQuote } from "../json/quote"

export const LABEL_MAX_BYTES = 32
export const RECORD_SIZE = 32

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

/** The labelLen of a null label. */
export const LABEL_NULL = 0xff

/** Whether a label can be stored whole (null always can); a longer one is the caller's error, never truncated. */
export function labelFits(label: string | null): boolean {
    return label === null || Buffer.from(label).length <= LABEL_MAX_BYTES
}

/** Throws RangeError for a label that does not fit. */
export function checkLabel(label: string | null) {
    if (!labelFits(label)) throw new RangeError("label longer than " + LABEL_MAX_BYTES + " UTF-8 bytes")
}

/** The bytes of a label as a JSON value: "null", or the quoted string (at most 2 + 6 x 32, so it fits a byte). */
export function labelJsonLength(label: string | null): number {
    return label === null ? 4 : Buffer.from(jsonQuote(label)).length
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
