import { describe, test, expect } from "@devicescript/test"
import { Statistics, clearDue } from "../../src/sessions/statistics"
import { SessionStore } from "../../src/sessions/store"
import { Persistence } from "../../src/settings/small-setting"
import { Field } from "../../src/sessions/record"

// 2018-03-15T00:00:00 = 1521072000 (1521114920 = 11:55:20 that day, minus 42920 s).
const DAY = 1521072000
const HOUR = 3600

function figures(s: Statistics) {
    return JSON.stringify([
        s.guestsServed,
        s.numSessions,
        s.lateCount,
        s.onTimeCount,
        s.totalServedSeconds,
        s.percentLate(),
        s.percentOnTime(),
        s.averageTimeServed(),
    ])
}

describe("sessions statistics", () => {
    test("no guests: every figure is 0", () => {
        expect(figures(new Statistics())).toBe("[0,0,0,0,0,0,0,0]")
    })
    test("store scenario: first page serves, late only past the goal, repeat page counts once", () => {
        const store = new SessionStore(4, Persistence.RamOnly)
        const t0 = 1521100000
        const a = store.create(1, 2, 300, null, t0)
        const b = store.create(2, 4, 60, null, t0 + 10)
        const c = store.create(3, 1, 600, null, t0 + 20)
        store.create(4, 1, 300, null, t0 + 30)
        store.page(a, t0 + 280) // waited 280 of 300: on time
        store.page(b, t0 + 110) // waited 100 of 60: late
        store.page(c, t0 + 620) // waited exactly its 600: on time
        store.page(a, t0 + 1000) // paged again: already served
        // served 3, created 4, late 1, on time 2, total 980 s; 33.3 % -> 33, 66.7 % -> 67, 326.7 s -> 327
        expect(figures(store.statistics)).toBe("[3,4,1,2,980,33,67,327]")
        expect(store.field(a, Field.Notified)).toBe(t0 + 280)
    })
    test("percentages round halves up and add up to 100", () => {
        const s = new Statistics()
        s.served(100, 50)
        for (let i = 0; i < 7; ++i) s.served(10, 50)
        // 1 late of 8 = 12.5 % -> 13; on time 87
        expect(s.percentLate()).toBe(13)
        expect(s.percentOnTime()).toBe(87)
    })
    test("average time served rounds to whole seconds", () => {
        const s = new Statistics()
        s.served(2, 10)
        s.served(3, 10)
        expect(s.averageTimeServed()).toBe(3) // 2.5 -> 3
        s.served(3, 10)
        expect(s.averageTimeServed()).toBe(3) // 2.67 -> 3
        s.served(0, 10)
        expect(s.averageTimeServed()).toBe(2) // 2.0
    })
    test("reset zeroes the figures and records lastClear", () => {
        const s = new Statistics()
        s.numSessions++
        s.served(400, 300)
        s.reset(DAY + 5)
        expect(figures(s)).toBe("[0,0,0,0,0,0,0,0]")
        expect(s.lastClear).toBe(DAY + 5)
    })
    test("store resetStatistics moves the sequence so cached views go stale", () => {
        const store = new SessionStore(2, Persistence.RamOnly)
        store.create(9, 1, 300, null, DAY)
        const before = store.sequence
        store.resetStatistics(DAY + 60)
        expect(store.sequence).toBe(before + 1)
        expect(store.statistics.numSessions).toBe(0)
        expect(store.statistics.lastClear).toBe(DAY + 60)
    })
    test("clearDue at mark 3: due from 03:00:00 on, once per day", () => {
        expect(clearDue(DAY + 2 * HOUR, DAY + 3 * HOUR - 1, 3)).toBe(false)
        expect(clearDue(DAY + 2 * HOUR, DAY + 3 * HOUR, 3)).toBe(true)
        expect(clearDue(DAY + 3 * HOUR, DAY + 3 * HOUR, 3)).toBe(false)
        expect(clearDue(DAY + 3 * HOUR, DAY + 86400 + 3 * HOUR - 1, 3)).toBe(false)
        expect(clearDue(DAY + 3 * HOUR, DAY + 86400 + 3 * HOUR, 3)).toBe(true)
    })
    test("clearDue after days without a check is due", () => {
        expect(clearDue(DAY - 7 * 86400, DAY + HOUR, 23)).toBe(true)
    })
    test("clearDue mark 24 is midnight, the same as mark 0", () => {
        expect(clearDue(DAY - 1, DAY, 24)).toBe(true)
        expect(clearDue(DAY - 1, DAY, 0)).toBe(true)
        expect(clearDue(DAY, DAY + 86400 - 1, 24)).toBe(false)
        expect(clearDue(DAY + 23 * HOUR, DAY + 86400, 24)).toBe(true)
    })
    test("clearDue with a mark outside 0..24 never clears", () => {
        expect(clearDue(0, DAY, 25)).toBe(false)
        expect(clearDue(0, DAY, -1)).toBe(false)
        expect(clearDue(0, DAY, 2.5)).toBe(false)
    })
})
