import { describe, test, expect } from "@devicescript/test"
import { Label, SessionStore, UNCHANGED } from "../../src/sessions/store"
import { Persistence } from "../../src/settings/small-setting"
import { ClearType, LABEL_MAX_BYTES, labelFits, Field } from "../../src/sessions/record"

const T = 1521114920

/** The ids of `slots` (a byte each), as JSON. */
function ids(store: SessionStore, slots: Buffer): string {
    const out: number[] = []
    for (let i = 0; i < slots.length; ++i) out.push(store.field(slots[i], Field.Id))
    return JSON.stringify(out)
}

/** The slots themselves, as JSON. */
function list(slots: Buffer): string {
    const out: number[] = []
    for (let i = 0; i < slots.length; ++i) out.push(slots[i])
    return JSON.stringify(out)
}

/** Three active sessions (pagers 11, 12, 13; ids 1, 2, 3) in a ring of three. */
function fullRing() {
    const store = new SessionStore(3, Persistence.RamOnly)
    store.create(11, 1, 300, null, T)
    store.create(12, 2, 300, "Sarah", T + 1)
    store.create(13, 3, 300, "", T + 2)
    return store
}

describe("sessions store", () => {
    test("create fills a started session and find locates it by pager number", () => {
        const store = new SessionStore(3, Persistence.RamOnly)
        const slot = store.create(66, 4, 60, "Sarah", T)
        expect(store.findActive(66)).toBe(slot)
        expect(store.findActive(67)).toBe(-1)
        expect(
            JSON.stringify([
                store.field(slot, Field.Id),
                store.field(slot, Field.Number),
                store.field(slot, Field.PartySize),
                store.field(slot, Field.Goal),
                store.field(slot, Field.Created),
                store.field(slot, Field.Notified),
                store.field(slot, Field.Cleared),
                store.state(slot),
                store.clearType(slot),
                store.label(slot),
            ])
        ).toBe('[1,66,4,60,1521114920,0,0,"started",null,"Sarah"]')
    })
    test("ids are sequential and views are ordered by id", () => {
        const store = fullRing()
        expect(ids(store, store.activeSlots())).toBe("[1,2,3]")
        expect(store.historySlots().length).toBe(0)
    })
    test("uuid is an 8-4-4-4-12 version 4 RFC 4122 string, fresh per session", () => {
        const store = fullRing()
        const u = store.uuid(0)
        expect(u.length).toBe(36)
        expect(
            u
                .split("-")
                .map(p => p.length)
                .join(",")
        ).toBe("8,4,4,4,12")
        expect(u[14]).toBe("4")
        expect("89ab".indexOf(u[19]) >= 0).toBe(true)
        expect(u === store.uuid(1)).toBe(false)
    })
    test("a null label stays distinct from an empty one", () => {
        const store = fullRing()
        expect(store.label(0)).toBe(null)
        expect(store.label(2)).toBe("")
    })
    test("every slot active: create returns -1 and changes nothing", () => {
        const store = fullRing()
        const seq = store.sequence
        expect(store.create(14, 1, 300, null, T + 3)).toBe(-1)
        expect(store.sequence).toBe(seq)
        expect(store.statistics.numSessions).toBe(3)
    })
    test("page sets notified once and the state paged; finish records clear time and type", () => {
        const store = fullRing()
        store.page(1, T + 100)
        store.page(1, T + 200)
        expect(store.state(1)).toBe("paged")
        expect(store.field(1, Field.Notified)).toBe(T + 100)
        store.finish(1, T + 300, ClearType.Stop)
        store.finish(0, T + 400, ClearType.Removed)
        expect(JSON.stringify([store.state(1), store.clearType(1), store.field(1, Field.Cleared)])).toBe(
            '["cleared","STOP",' + (T + 300) + "]"
        )
        expect(store.clearType(0)).toBe("REMOVED")
        expect(store.findActive(12)).toBe(-1)
        expect(list(store.historySlots())).toBe("[0,1]")
        expect(list(store.activeSlots())).toBe("[2]")
    })
    test("a full ring reuses the finished record with the lowest id", () => {
        const store = fullRing()
        store.finish(1, T + 10, ClearType.Stop) // id 2 finished first
        store.finish(0, T + 20, ClearType.Stop) // id 1 finished later, but is older
        const slot = store.create(14, 1, 300, null, T + 30)
        expect(slot).toBe(0)
        expect(store.field(slot, Field.Id)).toBe(4)
        expect(ids(store, store.historySlots())).toBe("[2]")
        expect(ids(store, store.activeSlots())).toBe("[3,4]")
    })
    test("every change moves the global sequence by one and stamps the session", () => {
        const store = new SessionStore(2, Persistence.RamOnly)
        expect(store.sequence).toBe(0)
        const slot = store.create(5, 1, 300, null, T)
        expect(store.sequence).toBe(1)
        store.update(slot, 3, UNCHANGED, null, Label.Keep)
        expect(store.sequence).toBe(2)
        store.page(slot, T + 5)
        expect(store.sequence).toBe(3)
        store.finish(slot, T + 6, ClearType.Stop)
        expect(store.sequence).toBe(4)
        expect(store.field(slot, Field.Sequence)).toBe(4)
        expect(store.clearHistory()).toBe(1)
        expect(store.sequence).toBe(5)
        expect(store.clearHistory()).toBe(0)
        expect(store.sequence).toBe(5)
    })
    test("finishAll finishes every active session in id order, each a change of its own", () => {
        const store = new SessionStore(5, Persistence.RamOnly)
        for (let i = 0; i < 5; ++i) store.create(30 + i, 1, 300, null, T + i)
        store.finish(3, T + 10, ClearType.Stop) // id 4, finished before
        store.page(1, T + 11) // id 2, changed last
        const before = store.sequence
        store.finishAll(T + 20, ClearType.Removed)
        expect(store.sequence).toBe(before + 4)
        expect(store.activeSlots().length).toBe(0)
        for (let n = 30; n < 35; ++n) expect(store.findActive(n)).toBe(-1)
        expect(ids(store, store.historySlots())).toBe("[1,2,3,4,5]")
        expect(JSON.stringify([0, 1, 2, 4].map(s => [store.clearType(s), store.field(s, Field.Cleared)]))).toBe(
            JSON.stringify([0, 1, 2, 4].map(s => ["REMOVED", T + 20]))
        )
        // the sessions changed since `before`: the four just finished, in id order; the fifth is older news
        expect(ids(store, store.changedSince(before))).toBe("[1,2,3,5]")
        expect(ids(store, store.changedSince(0))).toBe("[4,1,2,3,5]")
        // a new session still finds its slot and its number
        const slot = store.create(31, 1, 300, null, T + 30)
        expect(store.findActive(31)).toBe(slot)
    })
    test("update changes only what it is given", () => {
        const store = fullRing()
        store.update(1, UNCHANGED, 900, null, Label.Keep)
        expect(JSON.stringify([store.field(1, Field.PartySize), store.field(1, Field.Goal), store.label(1)])).toBe(
            '[2,900,"Sarah"]'
        )
        store.update(1, 6, UNCHANGED, null, Label.Replace)
        expect(JSON.stringify([store.field(1, Field.PartySize), store.field(1, Field.Goal), store.label(1)])).toBe(
            "[6,900,null]"
        )
        store.update(1, UNCHANGED, UNCHANGED, "Bo", Label.Replace)
        expect(store.label(1)).toBe("Bo")
    })
    test("clearHistory forgets finished records and frees their slots", () => {
        const store = fullRing()
        store.finish(0, T + 5, ClearType.Stop)
        store.finish(2, T + 6, ClearType.Removed)
        expect(store.clearHistory()).toBe(2)
        expect(store.historySlots().length).toBe(0)
        expect(store.state(0)).toBe(null)
        expect(store.create(20, 1, 300, null, T + 7)).toBe(0)
    })
    test("labels up to LABEL_MAX_BYTES of UTF-8 are kept whole, longer ones are refused", () => {
        const store = new SessionStore(2, Persistence.RamOnly)
        const ascii = "0123456789abcdef0123456789abcdef" // 32 bytes
        const twoByte = "éééééééééééééééé" // 16 x 2 bytes = 32
        expect(LABEL_MAX_BYTES).toBe(32)
        expect(labelFits(twoByte)).toBe(true)
        expect(labelFits(twoByte + "é")).toBe(false)
        const slot = store.create(1, 1, 300, ascii, T)
        expect(store.label(slot)).toBe(ascii)
        store.update(slot, UNCHANGED, UNCHANGED, twoByte, Label.Replace)
        expect(store.label(slot)).toBe(twoByte)
        expect(() => store.update(slot, UNCHANGED, UNCHANGED, ascii + "x", Label.Replace)).toThrow()
        expect(store.label(slot)).toBe(twoByte)
        expect(() => store.create(2, 1, 300, twoByte + "é", T)).toThrow()
        expect(store.findActive(2)).toBe(-1)
    })
    test("values that do not fit their fields and changes to finished sessions throw", () => {
        const store = fullRing()
        expect(() => store.create(65536, 1, 300, null, T)).toThrow()
        expect(() => store.update(0, 70000, UNCHANGED, null, Label.Keep)).toThrow()
        store.finish(0, T + 1, ClearType.Stop)
        expect(() => store.page(0, T + 2)).toThrow()
        expect(() => store.finish(0, T + 2, ClearType.Removed)).toThrow()
        expect(store.clearType(0)).toBe("STOP")
    })
})
