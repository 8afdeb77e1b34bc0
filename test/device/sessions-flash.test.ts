import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { Label, SessionStore, UNCHANGED } from "../../src/sessions/store"
import { ClearType, LABEL_MAX_BYTES, Field } from "../../src/sessions/record"
import { Persistence, readBinarySetting, writeBinarySetting } from "../../src/settings/small-setting"
import { JOURNAL_STAMPS } from "../../src/limits"
import { sameBytes } from "../../src/bytes/same-bytes"

// The test runner's flash is the CLI's default 128 KB, an 8 KB settings header area (the simulator's runner uses
// 576 KB, 36 KB; README "Storage"). RING slots of full-label records, two to a key (24 + 160 bytes live each key),
// stay live in it across garbage collections; two rounds of full records write several times the area, so the
// flash store must collect and keep every live value. The full capacity is checked on the runner's flash by
// test/e2e/capacity.test.js.
const RING = 64

const T = 1521114920
const LABEL = "0123456789abcdef0123456789abcdef"

describe("sessions flash budget", () => {
    test("a ring of full-label records survives repeated garbage collection of the settings area", async () => {
        expect(Buffer.from(LABEL).length).toBe(LABEL_MAX_BYTES)
        // not loaded: its writes cover every slot key, whatever other suites left in this run's settings
        const a = new SessionStore(RING, Persistence.Settings)
        for (let round = 0; round < 2; ++round) {
            for (let i = 0; i < RING; ++i) {
                await ds.sleep(0) // each change in a fresh VM slice, as each request is
                const slot = a.create(100 * round + i, 1, 300, LABEL, T + i)
                a.flush()
                if (round === 0) a.finish(slot, T + 1000 + i, ClearType.Stop)
                a.flush()
            }
        }
        const b = new SessionStore(RING, Persistence.Settings)
        b.load()
        let same = 0
        await ds.sleep(0)
        for (let slot = 0; slot < RING; ++slot)
            if (
                b.field(slot, Field.Id) === a.field(slot, Field.Id) &&
                b.label(slot) === LABEL &&
                b.uuid(slot) === a.uuid(slot)
            )
                same++
        expect(same).toBe(RING)
        expect(b.sequence()).toBe(a.sequence())
        expect(b.activeSlots().length).toBe(RING)
    })
    test("a write the full settings area drops is not acknowledged, and is written once there is room", async () => {
        const a = new SessionStore(2, Persistence.Settings)
        a.create(7, 1, 300, LABEL, T)
        a.flush()
        // Other settings fill the area until the flash store drops one (it says nothing: the read-back shows it).
        const filler = Buffer.alloc(200)
        filler.fillAt(0, 200, 0x5a)
        let keys = 0
        for (; keys < 100; ++keys) {
            await ds.sleep(0)
            writeBinarySetting("fill" + keys, filler)
            if (!sameBytes(readBinarySetting("fill" + keys), filler)) break
        }
        expect(keys < 100).toBe(true)
        a.create(8, 1, 300, LABEL, T + 1)
        expect(() => a.flush()).toThrow()
        // Room again (a fill value shrinks to a byte, and the next collection drops the old ones): the change that
        // was refused is still marked, and the next flush writes it.
        for (let i = 0; i <= keys; ++i) {
            await ds.sleep(0)
            writeBinarySetting("fill" + i, Buffer.alloc(1))
        }
        a.flush()
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.findActive(8) >= 0).toBe(true)
    })
    test("after a revert, landed() names the changes flash holds: those flushed, not those only in RAM", async () => {
        const a = new SessionStore(4, Persistence.Settings)
        // slots 0..2 in both keys of the ring, written over whatever other suites left there
        for (let i = 0; i < 3; ++i) a.create(10 + i, 1, 300, LABEL, T)
        a.flush()
        // a change of slot 0 (first key) reaches flash; then one of slot 2 (second key) and a history clear do not
        const flushedFrom = a.sequence()
        a.update(0, 5, UNCHANGED, null, Label.Keep)
        const flushedTo = a.sequence()
        a.flush()
        const lostFrom = a.sequence()
        a.update(2, 6, UNCHANGED, null, Label.Keep)
        const lostTo = a.sequence()
        a.resetStatistics(T + 60)
        const clearTo = a.sequence()
        await ds.sleep(0)
        a.revert()
        expect(a.field(0, Field.PartySize)).toBe(5)
        expect(a.field(2, Field.PartySize)).toBe(1)
        expect(a.landed(flushedFrom, flushedTo)).toBe(true)
        expect(a.landed(lostFrom, lostTo)).toBe(false)
        expect(a.landed(lostTo, clearTo)).toBe(false)
        expect(a.landed(flushedTo, flushedTo)).toBe(false)
        expect(a.landed(0, flushedFrom)).toBe(true)

        // More changes than the journal holds, all flushed: a change replaced by a later one of its slot has landed
        // with it; one older than the journal's reach can no longer be named
        const oldFrom = a.sequence()
        for (let i = 0; i < JOURNAL_STAMPS + 2; ++i) a.update(0, 100 + i, UNCHANGED, null, Label.Keep)
        const lastFrom = a.sequence() - 1
        a.flush()
        await ds.sleep(0)
        a.revert()
        expect(a.field(0, Field.PartySize)).toBe(100 + JOURNAL_STAMPS + 1)
        expect(a.landed(lastFrom, lastFrom + 1)).toBe(true)
        expect(a.landed(lastFrom - 5, lastFrom - 4)).toBe(true)
        expect(a.landed(oldFrom, oldFrom + 1)).toBe(false)
    })
})
