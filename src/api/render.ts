import { BodyWriter } from "../coap/resource"
import { SessionStore } from "../sessions/store"
import { Statistics } from "../sessions/statistics"
import { formatIso } from "../sessions/isotime"
import { jsonQuote } from "../json/quote"

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

/** A session object (t7470-api.md 3.2); history objects (3.3) add "cleared" and "clearType". */
export function sessionJson(store: SessionStore, slot: number): string {
    const parts: string[] = []
    const created = formatIso(store.created(slot))
    parts.push('{"id":' + store.id(slot))
    parts.push(',"sessionSequence":' + store.sessionSequence(slot))
    parts.push(',"uuid":"' + store.uuid(slot) + '"')
    parts.push(',"number":' + store.number(slot))
    parts.push(',"partySize":' + store.partySize(slot))
    parts.push(',"goalInSeconds":' + store.goal(slot))
    parts.push(',"created":"' + created + '","started":"' + created + '"')
    // Explicit !== 0: the VM reads a number beyond 2^31 (every time after 2038-01-19) as falsy.
    const notified = store.notified(slot)
    if (notified !== 0) parts.push(',"notified":"' + formatIso(notified) + '"')
    const cleared = store.cleared(slot)
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

/** Decimal digits of a non-negative integer. */
function digits(n: number): number {
    let d = 1
    while (n >= 10) {
        n = Math.floor(n / 10)
        d++
    }
    return d
}

/**
 * The byte length of sessionJson(store, slot), computed from the record without rendering it: a Block2 block
 * steps over the sessions before it in O(1) each, so a list of any length costs one session's rendering per
 * session in the block (README "Storage": the opcodes a VM slice allows).
 */
export function sessionJsonLength(store: SessionStore, slot: number): number {
    const state = store.state(slot)
    let n =
        SESSION_TEXT.length +
        digits(store.id(slot)) +
        digits(store.sessionSequence(slot)) +
        UUID_LENGTH +
        digits(store.number(slot)) +
        digits(store.partySize(slot)) +
        digits(store.goal(slot)) +
        2 * ISO_LENGTH +
        store.labelJsonLength(slot) +
        state.length
    if (store.notified(slot) !== 0) n += NOTIFIED_TEXT.length + ISO_LENGTH
    if (store.cleared(slot) !== 0) n += CLEARED_TEXT.length + ISO_LENGTH
    const clearType = store.clearType(slot)
    if (clearType) n += CLEAR_TYPE_TEXT.length + clearType.length
    return n
}

/** `,"<key>":[<session>,<session>...]`; a session outside the requested block is skipped by its length. */
export function writeSessionArray(out: BodyWriter, key: string, store: SessionStore, slots: number[]) {
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
export function writeSessionsView(out: BodyWriter, store: SessionStore, slots: number[]) {
    out.write(',"statistics":' + statisticsJson(store.statistics))
    writeSessionArray(out, "sessions", store, slots)
}
