import { describe, test, expect } from "@devicescript/test"
import { SessionStore, MAX_CAPACITY } from "../../src/sessions/store"
import { LABEL_MAX_BYTES } from "../../src/sessions/record"

// MAX_CAPACITY is sized so every slot holding a record with a full label, plus the counters, stays live in the
// simulator's 8 KB settings header area across garbage collections (measured here: 42 live values of this size
// fit, and a write beyond that is silently dropped). Two rounds of full records write several times the area,
// so the flash store must collect and keep every live value.

const T = 1521114920
const LABEL = "0123456789abcdef0123456789abcdef"

describe("sessions flash budget", () => {
    test("MAX_CAPACITY full-label records survive repeated garbage collection of the settings area", () => {
        expect(Buffer.from(LABEL).length).toBe(LABEL_MAX_BYTES)
        // not loaded: its writes cover every slot key, whatever other suites left in this run's settings
        const a = new SessionStore(MAX_CAPACITY, true)
        for (let round = 0; round < 2; ++round) {
            for (let i = 0; i < MAX_CAPACITY; ++i) {
                const slot = a.create(100 * round + i, 1, 300, LABEL, T + i)
                a.flush()
                if (round === 0) a.finish(slot, T + 1000 + i, false)
                a.flush()
            }
        }
        const b = new SessionStore(MAX_CAPACITY, true)
        b.load()
        let same = 0
        for (let slot = 0; slot < MAX_CAPACITY; ++slot)
            if (b.id(slot) === a.id(slot) && b.label(slot) === LABEL && b.uuid(slot) === a.uuid(slot)) same++
        expect(same).toBe(MAX_CAPACITY)
        expect(b.sequence()).toBe(a.sequence())
        expect(b.activeSlots().length).toBe(MAX_CAPACITY)
    })
})
