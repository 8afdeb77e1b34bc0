import { describe, test, expect } from "@devicescript/test"
import { SessionStore } from "../../src/sessions/store"
import { Persistence, readBinarySetting, writeBinarySetting } from "../../src/settings/small-setting"
import { groupKey } from "../../src/sessions/persisted"
import { forgetCommitBits, heldCountersKey, heldGroupKey, writeJson } from "./stored-keys"
import { Field } from "../../src/sessions/record"

// An upgrade from the hex layout (README "Storage"): one key "ses<slot>" per slot holding the JSON string of the
// record's hex, and "sescount" holding the counters as a JSON array. The values below are written by hand from
// that layout (a record: state, clearType, labelLen, 0, number u16, partySize u16, id, goal, created, notified,
// cleared, sequence u32, uuid 16 bytes, label; little-endian), not by the code under test.

const T = 1521114920

function legacyRecord(slot: number, state: number, label: string): string {
    const text = Buffer.from(label)
    const b = Buffer.alloc(48 + text.length)
    b[0] = state
    b[1] = state === 3 ? 1 : 0
    b[2] = text.length
    b.setAt(4, "u16", 60 + slot)
    b.setAt(6, "u16", 2)
    b.setAt(8, "u32", 100 + slot)
    b.setAt(12, "u32", 300)
    b.setAt(16, "u32", T + slot)
    b.setAt(20, "u32", state >= 2 ? T + 100 + slot : 0)
    b.setAt(24, "u32", state === 3 ? T + 200 + slot : 0)
    b.setAt(28, "u32", 500 + slot)
    for (let i = 0; i < 16; ++i) b[32 + i] = (slot * 16 + i) & 0xff
    b[32 + 6] = 0x40 | (b[32 + 6] & 0x0f)
    b[32 + 8] = 0x80 | (b[32 + 8] & 0x3f)
    b.blitAt(48, text, 0, text.length)
    return b.toString("hex")
}

/** The uuid text of legacyRecord(slot): its 16 bytes as written above. */
function legacyUuid(slot: number): string {
    const b = Buffer.alloc(16)
    for (let i = 0; i < 16; ++i) b[i] = (slot * 16 + i) & 0xff
    b[6] = 0x40 | (b[6] & 0x0f)
    b[8] = 0x80 | (b[8] & 0x3f)
    const hex = b.toString("hex")
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-")
}

/** A flash as that firmware left it: its keys, and no bits of atomic commits. */
function writeLegacy(slots: number) {
    forgetCommitBits()
    for (let slot = 0; slot < slots; ++slot)
        writeJson("ses" + slot, legacyRecord(slot, 1 + (slot % 3), "Guest " + slot + " ünïcode"))
    // nextId, globalSequence, lastClear, numSessions, guestsServed, lateCount, onTimeCount, totalServedSeconds
    writeJson("sescount", [100 + slots, 500 + slots - 1, T - 50, 40, 16, 3, 13, 4321])
}

/** The first `slots` slots of writeLegacy(24) and its counters. */
function expectLegacy(s: SessionStore, slots: number) {
    for (let slot = 0; slot < slots; ++slot) {
        const state = 1 + (slot % 3)
        expect(s.field(slot, Field.Id)).toBe(100 + slot)
        expect(s.uuid(slot)).toBe(legacyUuid(slot))
        expect(s.field(slot, Field.Number)).toBe(60 + slot)
        expect(s.field(slot, Field.Sequence)).toBe(500 + slot)
        expect(s.field(slot, Field.Created)).toBe(T + slot)
        expect(s.field(slot, Field.Notified)).toBe(state >= 2 ? T + 100 + slot : 0)
        expect(s.field(slot, Field.Cleared)).toBe(state === 3 ? T + 200 + slot : 0)
        expect(s.state(slot)).toBe(state === 1 ? "started" : state === 2 ? "paged" : "cleared")
        expect(s.label(slot)).toBe("Guest " + slot + " ünïcode")
    }
    const st = s.statistics
    expect(s.sequence).toBe(500 + 24 - 1)
    expect(
        [st.lastClear, st.numSessions, st.guestsServed, st.lateCount, st.onTimeCount, st.totalServedSeconds].join()
    ).toBe([T - 50, 40, 16, 3, 13, 4321].join())
}

describe("sessions storage upgrade", () => {
    test("a ring of 24 in the hex layout loads whole, and is rewritten in the binary one", () => {
        writeLegacy(24)
        const a = new SessionStore(24, Persistence.Settings)
        a.load()
        expectLegacy(a, 24)
        a.flush()
        // every key is binary now (a group's first byte is a state, never the JSON string's quote)
        for (let g = 0; g < 12; ++g) expect(readBinarySetting(heldGroupKey(g))[0] < 4).toBe(true)
        expect(readBinarySetting(heldCountersKey())[0]).toBe(1)
        const b = new SessionStore(24, Persistence.Settings)
        b.load()
        expectLegacy(b, 24)
        expect(b.field(b.create(999, 1, 300, null, T + 999), Field.Id)).toBe(124)
    })
    test("an upgrade cut off before its commit switched loses nothing; its writes are not read", () => {
        writeLegacy(24)
        // A power cut before the commit's last write: some groups already written under their other keys, bits
        // unchanged (the e2e test storage-upgrade.test.js cuts the simulator at many points of the real rewrite).
        for (let g = 0; g < 5; ++g) writeBinarySetting(groupKey(g) + "+", Buffer.alloc(2))
        const b = new SessionStore(24, Persistence.Settings)
        b.load()
        expectLegacy(b, 24)
        expect(readBinarySetting(heldGroupKey(5))[0]).toBe(0x22)
        b.flush()
        const c = new SessionStore(24, Persistence.Settings)
        c.load()
        expectLegacy(c, 24)
        expect(readBinarySetting(heldGroupKey(5))[0] < 4).toBe(true)
    })
    test("a smaller ring than the hex one keeps its slots and overwrites the hex keys beyond its own", () => {
        writeLegacy(24)
        const a = new SessionStore(8, Persistence.Settings)
        a.load()
        expectLegacy(a, 8)
        a.flush()
        for (let k = 8; k < 24; ++k) expect(readBinarySetting(groupKey(k))[0]).toBe(0)
    })
})
