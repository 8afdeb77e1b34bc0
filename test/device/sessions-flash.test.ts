import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { Label, SessionStore, UNCHANGED } from "../../src/sessions/store"
import { ClearType, LABEL_MAX_BYTES, Field } from "../../src/sessions/record"
import { Persistence, readBinarySetting, syncSmallSettings, writeBinarySetting } from "../../src/settings/small-setting"
import { sameBytes } from "../../src/bytes/same-bytes"
import { Copy, keyOf } from "../../src/settings/atomic-commit"

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
        expect(b.sequence).toBe(a.sequence)
        expect(b.activeSlots().length).toBe(RING)
    })
    test("a flush the full settings area cannot hold throws and changes nothing; once there is room it succeeds", async () => {
        const a = new SessionStore(4, Persistence.Settings)
        // slots 0..2 in both groups of the ring, written over whatever other suites left there
        for (let i = 0; i < 3; ++i) a.create(10 + i, 1, 300, LABEL, T)
        a.flush()
        // The counters as flash holds them (other suites wrote them): the state the failed commit must leave.
        const served = loaded(4).statistics.guestsServed
        // The keys a commit of several writes (other suites may have left values there): a byte each, so that each
        // write grows what the area holds by more than the room the fill below leaves for all three.
        writeBinarySetting(keyOf(0, "ses0", 1), Buffer.alloc(1))
        writeBinarySetting(keyOf(1, "ses1", 1), Buffer.alloc(1))
        writeBinarySetting(keyOf(Copy.Counters, "sescount", 1), Buffer.alloc(1))
        const keys = fillSettings()
        // Two groups and the counters (a page): a commit of several values, written beside the ones flash holds.
        a.update(0, 5, UNCHANGED, null, Label.Keep)
        a.page(2, T + 60)
        expect(() => a.flush()).toThrow()
        // Flash holds the state before the commit, whatever of its writes the store took: a restart shows it, and
        // so does the store after its revert.
        const restarted = loaded(4)
        a.revert()
        for (const s of [restarted, a]) {
            expect(s.field(0, Field.PartySize)).toBe(1)
            expect(s.state(2)).toBe("started")
            expect(s.statistics.guestsServed).toBe(served)
            expect(s.findActive(12)).toBe(2)
        }

        // Room again (a fill value shrinks to a byte, and the next collection drops the old ones).
        emptySettings(keys)
        a.update(0, 5, UNCHANGED, null, Label.Keep)
        a.page(2, T + 60)
        a.flush()
        const b = loaded(4)
        expect(b.field(0, Field.PartySize)).toBe(5)
        expect(b.state(2)).toBe("paged")
        expect(b.statistics.guestsServed).toBe(served + 1)
        expect(b.sequence).toBe(a.sequence)
    })
    test("a flush writes the store as it was when it began; a change made while it writes goes in the next", async () => {
        const a = new SessionStore(16, Persistence.Settings)
        for (let i = 0; i < 16; ++i) a.create(300 + i, 1, 300, LABEL, T)
        // 8 groups to write: the flush pauses for read-backs after 4 writes, and a request may be handled then.
        let done = false
        const flushing = async () => {
            a.flush()
            done = true
        }
        flushing.start()
        for (let i = 0; i < 100 && (a as any).unwritten === null; ++i) await ds.sleep(1)
        expect((a as any).unwritten === null).toBe(false)
        // The last group is not written yet: a change of it now is not in this flush, nor is a create
        a.update(15, 9, UNCHANGED, "changed meanwhile", Label.Replace)
        for (let i = 0; i < 500 && !done; ++i) await ds.sleep(10)
        expect(done).toBe(true)
        let b = loaded(16)
        expect(b.findActive(315)).toBe(15)
        expect(b.field(15, Field.PartySize)).toBe(1)
        expect(b.label(15)).toBe(LABEL)
        a.flush()
        b = loaded(16)
        expect(b.field(15, Field.PartySize)).toBe(9)
        expect(b.label(15)).toBe("changed meanwhile")
    })
    test("a flush during which every session is finished throws, and flash keeps the state before it", async () => {
        const a = new SessionStore(16, Persistence.Settings)
        for (let i = 0; i < 16; ++i) a.create(400 + i, 1, 300, LABEL, T)
        a.flush()
        for (let i = 0; i < 16; ++i) a.update(i, 2, UNCHANGED, null, Label.Keep)
        let failed = false
        const flushing = async () => {
            try {
                a.flush()
            } catch (e) {
                failed = true
            }
        }
        flushing.start()
        for (let i = 0; i < 100 && (a as any).unwritten === null; ++i) await ds.sleep(1)
        a.finishAll(T + 60, ClearType.Removed)
        for (let i = 0; i < 500 && !failed; ++i) await ds.sleep(10)
        expect(failed).toBe(true)
        const b = loaded(16)
        for (let i = 0; i < 16; ++i) expect(b.state(i) + " " + b.field(i, Field.PartySize)).toBe("started 1")
    })
})

/** A store of `capacity` slots as a restart finds it in flash. */
function loaded(capacity: number): SessionStore {
    const s = new SessionStore(capacity, Persistence.Settings)
    s.load()
    return s
}

/**
 * Writes settings of other keys until the flash store drops one (it says nothing: the read-back shows it); returns
 * how many keys it wrote.
 */
function fillSettings(): number {
    const filler = Buffer.alloc(200)
    filler.fillAt(0, 200, 0x5a)
    let keys = 0
    for (; keys < 100; ++keys) {
        writeBinarySetting("fill" + keys, filler)
        if (!sameBytes(readBinarySetting("fill" + keys), filler)) break
    }
    expect(keys < 100).toBe(true)
    return keys
}

function emptySettings(keys: number) {
    for (let i = 0; i <= keys; ++i) writeBinarySetting("fill" + i, Buffer.alloc(1))
    syncSmallSettings()
}
