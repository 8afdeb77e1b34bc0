import { BodyWriter } from "../coap/exchange"
import { SessionStore } from "../sessions/store"
import { Statistics } from "../sessions/statistics"
import { formatIso } from "../clock/isotime"
import { jsonQuote } from "../json/quote"
import {
    ClearType,
    OFF_CLEAR_TYPE,
    OFF_LABEL_JSON,
    OFF_STATE,
    RECORD_SIZE,
    STATE_PAGED,
    Field,
} from "../sessions/record"

// JSON of the T7470 data objects, rendered from the store's binary records one at a time.

export function statisticsJson(s: Statistics): string {
    return (
        '{"guestsServed":' +
        s.guestsServed +
        ',"percentLate":' +
        s.percentLate() +
        ',"percentOnTime":' +
        s.percentOnTime() +
        ',"averageTimeServed":' +
        s.averageTimeServed() +
        ',"numSessions":' +
        s.numSessions +
        "}"
    )
}

/** A session object (docs/api.md 3.2); history objects (3.3) add "cleared" and "clearType". */
export function sessionJson(store: SessionStore, slot: number): string {
    const parts: string[] = []
    const created = formatIso(store.field(slot, Field.Created))
    parts.push('{"id":' + store.field(slot, Field.Id))
    parts.push(',"sessionSequence":' + store.field(slot, Field.Sequence))
    parts.push(',"uuid":"' + store.uuid(slot) + '"')
    parts.push(',"number":' + store.field(slot, Field.Number))
    parts.push(',"partySize":' + store.field(slot, Field.PartySize))
    parts.push(',"goalInSeconds":' + store.field(slot, Field.Goal))
    parts.push(',"created":"' + created + '","started":"' + created + '"')
    // Explicit !== 0: the VM reads a number beyond 2^31 (every time after 2038-01-19) as falsy.
    const notified = store.field(slot, Field.Notified)
    if (notified !== 0) parts.push(',"notified":"' + formatIso(notified) + '"')
    const cleared = store.field(slot, Field.Cleared)
    if (cleared !== 0) parts.push(',"cleared":"' + formatIso(cleared) + '"')
    const label = store.label(slot)
    parts.push(',"label":' + (label === null ? "null" : jsonQuote(label)))
    parts.push(',"state":"' + store.state(slot) + '"')
    const clearType = store.clearType(slot)
    if (clearType) parts.push(',"clearType":"' + clearType + '"')
    parts.push("}")
    return parts.join("")
}

// The text of a session object around its values, and of its optional members, as sessionJson writes them.
const SESSION_TEXT =
    '{"id":,"sessionSequence":,"uuid":"","number":,"partySize":,"goalInSeconds":,"created":"","started":"","label":,"state":""}'
const NOTIFIED_TEXT = ',"notified":""'
const CLEARED_TEXT = ',"cleared":""'
const CLEAR_TYPE_TEXT = ',"clearType":""'
const UUID_LENGTH = 36
const ISO_LENGTH = 19

/** Decimal digits of an integer 0..2^32-1, by comparisons (a loop costs the interpreter more). */
function digits(n: number): number {
    if (n < 100000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : n < 10000 ? 4 : 5
    return n < 10000000 ? (n < 1000000 ? 6 : 7) : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10
}

/**
 * The byte length of sessionJson(store, slot), computed from the record without rendering it: a Block2 block
 * steps over the sessions outside it by their lengths, so a list of any length costs one session's rendering per
 * session in the block (README "Storage": the opcodes a VM slice allows). The store keeps it with the slot until
 * the slot changes; the fields are read from the record directly, as each accessor call costs the interpreter
 * more than the arithmetic.
 */
export function sessionJsonLength(store: SessionStore, slot: number): number {
    const kept = store.memo(slot)
    if (kept) return kept
    const b = store.records
    const at = slot * RECORD_SIZE
    let n =
        SESSION_TEXT.length +
        UUID_LENGTH +
        2 * ISO_LENGTH +
        b[at + OFF_LABEL_JSON] +
        (b[at + OFF_STATE] === STATE_PAGED ? 5 : 7) +
        digits(b.getAt(at + Field.Id, "u32")) +
        digits(b.getAt(at + Field.Sequence, "u32")) +
        digits(b.getAt(at + Field.Number, "u16")) +
        digits(b.getAt(at + Field.PartySize, "u16")) +
        digits(b.getAt(at + Field.Goal, "u32"))
    if (b.getAt(at + Field.Notified, "u32") !== 0) n += NOTIFIED_TEXT.length + ISO_LENGTH
    if (b.getAt(at + Field.Cleared, "u32") !== 0) n += CLEARED_TEXT.length + ISO_LENGTH
    const clearType = b[at + OFF_CLEAR_TYPE]
    if (clearType !== ClearType.None) n += CLEAR_TYPE_TEXT.length + (clearType === ClearType.Stop ? 4 : 7)
    store.setMemo(slot, n)
    return n
}

/** `,"<key>":[<session>,<session>...]`; a session outside the requested block is skipped by its length. */
export function writeSessionArray(out: BodyWriter, key: string, store: SessionStore, slots: Buffer) {
    out.write(',"' + key + '":[')
    for (let i = 0; i < slots.length; ++i) {
        const slot = slots[i]
        const separator = i ? "," : ""
        if (out.skip(separator.length + sessionJsonLength(store, slot))) continue
        out.write(separator + sessionJson(store, slot))
    }
    out.write("]")
}

/** `,"statistics":{...},"sessions":[...]`: the body of a sessions view. */
export function writeSessionsView(out: BodyWriter, store: SessionStore, slots: Buffer) {
    out.write(',"statistics":' + statisticsJson(store.statistics))
    writeSessionArray(out, "sessions", store, slots)
}
