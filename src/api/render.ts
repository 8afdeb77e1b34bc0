import { BodyWriter } from "../coap/resource"
import { SessionStore } from "../sessions/store"
import { Statistics } from "../sessions/statistics"
import { formatIso } from "../sessions/isotime"
import { jsonQuote } from "../json/quote"
import { knownLength, rememberLength } from "./session-lengths"

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

/** `,"<key>":[<session>,<session>...]`; a session outside the requested block is skipped by its known length. */
export function writeSessionArray(out: BodyWriter, key: string, store: SessionStore, slots: number[]) {
    out.write(',"' + key + '":[')
    for (let i = 0; i < slots.length; ++i) {
        const slot = slots[i]
        const separator = i ? "," : ""
        const known = knownLength(store, slot)
        if (known >= 0 && out.skip(separator.length + known)) continue
        const json = sessionJson(store, slot)
        if (known < 0) rememberLength(store, slot, Buffer.from(json).length)
        out.write(separator + json)
    }
    out.write("]")
}

/** `,"statistics":{...},"sessions":[...]`: the body of a sessions view. */
export function writeSessionsView(out: BodyWriter, store: SessionStore, slots: number[]) {
    out.write(',"statistics":' + statisticsJson(store.statistics))
    writeSessionArray(out, "sessions", store, slots)
}
