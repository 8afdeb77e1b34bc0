import { describe, test, expect } from "@devicescript/test"
import * as ds from "@devicescript/core"
import { Label, SessionStore } from "../../src/sessions/store"
import { MAX_CAPACITY } from "../../src/limits"
import { Clock, CLOCK_FRESH_EPOCH } from "../../src/clock/clock"
import { ClearType, LABEL_MAX_BYTES, RECORD_SIZE, Field } from "../../src/sessions/record"
import {
    Persistence,
    readBinarySetting,
    readSmallSetting,
    SETTING_PACKET_MAX,
    settingBytes,
    writeBinarySetting,
} from "../../src/settings/small-setting"
import { groupKey, SLOTS_PER_KEY } from "../../src/sessions/persisted"
import { UUID_BYTES } from "../../src/sessions/uuid"
import { heldCountersKey, heldGroupKey, writeJson } from "./stored-keys"
import { keyOf } from "../../src/settings/atomic-commit"

const T = 1521114920

/** Every field of every slot, the counters and the statistics, as one string. */
function snapshot(s: SessionStore): string {
    const slots: any[] = []
    for (let i = 0; i < s.slots; ++i) {
        if (s.state(i) === null) {
            slots.push(null)
            continue
        }
        slots.push([
            s.field(i, Field.Id),
            s.uuid(i),
            s.field(i, Field.Number),
            s.field(i, Field.PartySize),
            s.field(i, Field.Goal),
            s.field(i, Field.Created),
            s.field(i, Field.Notified),
            s.field(i, Field.Cleared),
            s.state(i),
            s.clearType(i),
            s.field(i, Field.Sequence),
            s.label(i),
        ])
    }
    const st = s.statistics
    return JSON.stringify({
        slots,
        seq: s.sequence,
        stats: [st.guestsServed, st.numSessions, st.lateCount, st.onTimeCount, st.totalServedSeconds, st.lastClear],
    })
}

describe("sessions persistence", () => {
    test("a second store loads every field the first one wrote", () => {
        // not loaded: it writes every slot key itself, whatever other suites left in this run's settings
        const a = new SessionStore(4, Persistence.Settings)
        a.resetStatistics(T - 100)
        const s0 = a.create(11, 2, 300, null, T)
        const s1 = a.create(12, 4, 60, "Sarah", T + 5)
        const s2 = a.create(13, 1, 600, "0123456789abcdef0123456789abcdef", T + 6)
        a.create(14, 3, 300, "", T + 7)
        a.page(s1, T + 100)
        a.finish(s1, T + 200, ClearType.Stop)
        a.page(s0, T + 250)
        a.update(s2, 5, 900, null, Label.Keep)
        a.finish(s2, T + 300, ClearType.Removed)
        // one flush for all of it, as for requests that share a commit: each slot is written with its last state
        a.flush()
        const b = new SessionStore(4, Persistence.Settings)
        b.load()
        expect(snapshot(b)).toBe(snapshot(a))
        expect(b.statistics.guestsServed).toBe(2)
        expect(b.sequence).toBe(10)
        // the next id continues after the loaded ones
        b.clearHistory()
        const slot = b.create(15, 1, 300, null, T + 400)
        expect(b.field(slot, Field.Id)).toBe(5)
    })
    test("missing and garbled group keys load as empty slots; the records keep ids unique", () => {
        const a = new SessionStore(6, Persistence.Settings)
        for (let i = 0; i < 6; ++i) a.create(40 + i, 1, 300, null, T + i)
        a.flush()
        writeBinarySetting(heldGroupKey(0), Buffer.from("zz"))
        const cut = readBinarySetting(heldGroupKey(1))
        writeBinarySetting(heldGroupKey(1), cut.slice(0, cut.length - 1)) // a group one byte short
        writeJson(heldCountersKey(), "garbled")
        const b = new SessionStore(6, Persistence.Settings)
        b.load()
        for (let slot = 0; slot < 4; ++slot) expect(b.state(slot)).toBe(null)
        // slots 4 and 5 survived; with the counters gone, the next id and sequence come from them
        expect(b.field(5, Field.Number)).toBe(a.field(5, Field.Number))
        expect(b.sequence).toBe(a.field(5, Field.Sequence))
        const slot = b.create(20, 1, 300, null, T + 500)
        expect(b.field(slot, Field.Id)).toBe(b.field(5, Field.Id) + 1)
    })
    test("a larger ring (a new default) loads every session of the smaller one; its new slots are free", () => {
        for (let g = 0; g < 64 / SLOTS_PER_KEY; ++g) writeBinarySetting(heldGroupKey(g), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(24, Persistence.Settings)
        for (let i = 0; i < 24; ++i) a.create(100 + i, 2, 300, "Table " + i, T + i)
        for (let i = 0; i < 8; ++i) a.finish(i, T + 100 + i, ClearType.Stop)
        a.flush()
        const b = new SessionStore(64, Persistence.Settings)
        b.load()
        const before = JSON.parse(snapshot(a))
        const after = JSON.parse(snapshot(b))
        expect(JSON.stringify(after.slots.slice(0, 24))).toBe(JSON.stringify(before.slots))
        for (let slot = 24; slot < 64; ++slot) expect(b.state(slot)).toBe(null)
        expect(JSON.stringify([after.seq, after.stats])).toBe(JSON.stringify([before.seq, before.stats]))
        // 40 new guests take the free slots: the 8 finished sessions stay in the history
        for (let i = 0; i < 40; ++i) expect(b.create(200 + i, 1, 300, null, T + 200 + i) >= 24).toBe(true)
        for (let slot = 0; slot < 8; ++slot) expect(b.field(slot, Field.Number)).toBe(100 + slot)
    })
    test("changes reach settings when flushed, not before", () => {
        const a = new SessionStore(2, Persistence.Settings)
        a.create(4242, 1, 300, null, T)
        a.resetStatistics(T + 1)
        const before = new SessionStore(2, Persistence.Settings)
        before.load()
        expect(before.findActive(4242)).toBe(-1)
        expect(before.statistics.lastClear === T + 1).toBe(false)
        a.flush()
        const after = new SessionStore(2, Persistence.Settings)
        after.load()
        expect(after.findActive(4242) >= 0).toBe(true)
        expect(after.statistics.lastClear).toBe(T + 1)
    })
    test("sessions created after the counters were last written still count in numSessions", () => {
        // (groups of free slots first: an earlier test left sessions in these keys)
        for (let g = 0; g < 3; ++g) writeBinarySetting(heldGroupKey(g), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(6, Persistence.Settings)
        a.resetStatistics(T) // writes the counters: no sessions since this clear
        a.flush()
        const first = a.create(61, 1, 300, null, T + 1)
        a.create(62, 1, 300, null, T + 2)
        a.flush()
        a.page(first, T + 50) // the first page writes the counters (a guest served)
        a.flush()
        a.create(63, 1, 300, null, T + 60)
        a.create(64, 1, 300, null, T + 61)
        a.flush()
        const b = new SessionStore(6, Persistence.Settings)
        b.load()
        expect(b.statistics.numSessions).toBe(4)
        expect(b.statistics.guestsServed).toBe(1)
        const next = b.create(65, 1, 300, null, T + 70)
        expect(b.field(next, Field.Id)).toBe(a.field(first, Field.Id) + 4)
    })
    test("a page's record and the counters with its guest reach flash in one commit, or neither does", () => {
        writeBinarySetting(heldGroupKey(0), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(2, Persistence.Settings)
        a.resetStatistics(T)
        const slot = a.create(71, 1, 300, null, T)
        a.flush()
        const groupBefore = heldGroupKey(0)
        const countersBefore = heldCountersKey()
        a.page(slot, T + 400) // waited 400 s of a 300 s goal: served, late
        a.flush()
        // Both written under their other keys, and switched to by the one write of the bits.
        expect(heldGroupKey(0) === groupBefore).toBe(false)
        expect(heldCountersKey() === countersBefore).toBe(false)
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.state(slot)).toBe("paged")
        expect(b.statistics.guestsServed).toBe(1)
        expect(b.statistics.lateCount).toBe(1)
        expect(b.statistics.totalServedSeconds).toBe(400)
        b.page(slot, T + 430) // the client's retransmission pages again: not a second guest
        expect(b.statistics.guestsServed).toBe(1)
        // A commit cut before its switch: the group written (both slots free) under the key not read, the bits
        // unchanged. Nothing of it shows.
        writeBinarySetting(keyOf(0, groupKey(0), 1), Buffer.alloc(SLOTS_PER_KEY))
        const c = new SessionStore(2, Persistence.Settings)
        c.load()
        expect(c.state(slot)).toBe("paged")
        expect(c.statistics.guestsServed).toBe(1)
        expect(c.statistics.lateCount).toBe(1)
    })
    test("a guest counted in flash is not counted again when its session changes later", () => {
        writeBinarySetting(heldGroupKey(0), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(2, Persistence.Settings)
        a.resetStatistics(T)
        const slot = a.create(72, 1, 300, null, T)
        a.page(slot, T + 100)
        a.flush() // the paged record, then the counters with the guest
        a.finish(slot, T + 200, ClearType.Stop)
        a.flush() // the record again; the counters did not change
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.state(slot)).toBe("cleared")
        expect(b.statistics.guestsServed).toBe(1)
        expect(b.statistics.onTimeCount).toBe(1)
    })
    test("a record with an impossible state loads as an empty slot, the other one of its key as it was", () => {
        const a = new SessionStore(2, Persistence.Settings)
        a.create(30, 1, 300, null, T)
        a.create(31, 1, 300, "Ann", T)
        a.flush()
        const group = readBinarySetting(heldGroupKey(0))
        group[0] = 7
        writeBinarySetting(heldGroupKey(0), group)
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.state(0)).toBe(null)
        expect(b.label(1)).toBe("Ann")
    })
    test("two full records stay well under the settings packet limit even in the highest key", () => {
        const key = groupKey(Math.ceil(MAX_CAPACITY / SLOTS_PER_KEY) - 1) + "+"
        // Records of the firmware before keep their uuid (16 bytes more); two such records with full labels:
        expect(
            Buffer.from(key).length + 1 + SLOTS_PER_KEY * (RECORD_SIZE - 1 + UUID_BYTES + LABEL_MAX_BYTES) <= 200
        ).toBe(true)
    })
    test("an oversized value throws and writes nothing", () => {
        writeJson("probe", "small")
        const big = Buffer.alloc(120).toString("hex")
        expect(() => writeJson("probe", big)).toThrow()
        expect(readSmallSetting("probe")).toBe("small")
        expect(settingBytes("probe", big) > SETTING_PACKET_MAX).toBe(true)
    })
    test("a fresh clock starts at 2000-01-01 and is not set", () => {
        const c = new Clock(false)
        expect(c.now() - CLOCK_FRESH_EPOCH < 5).toBe(true)
        expect(c.isSet()).toBe(false)
    })
    test("set moves the clock and the next boot resumes from it, unset", async () => {
        const c = new Clock(true)
        c.set(T)
        expect(c.isSet()).toBe(true)
        expect(c.now()).toBe(T)
        await ds.sleep(1100)
        expect(c.now() - T >= 1).toBe(true)
        c.checkpoint()
        const rebooted = new Clock(true)
        expect(rebooted.isSet()).toBe(false)
        expect(rebooted.now() >= c.now() - 1 && rebooted.now() <= c.now()).toBe(true)
    })
    test("notBefore moves only an unset clock, and only forward", () => {
        const c = new Clock(false)
        c.notBefore(T)
        expect(c.now()).toBe(T)
        c.notBefore(T - 1000)
        expect(c.now() >= T).toBe(true)
        c.set(T - 5000)
        c.notBefore(T)
        expect(c.now() < T).toBe(true)
    })
})
