import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { SessionStore } from "../../src/sessions/store"
import { LABEL_MAX_BYTES } from "../../src/sessions/record"

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
        const a = new SessionStore(RING, true)
        for (let round = 0; round < 2; ++round) {
            for (let i = 0; i < RING; ++i) {
                await ds.sleep(0) // each change in a fresh VM slice, as each request is
                const slot = a.create(100 * round + i, 1, 300, LABEL, T + i)
                a.flush()
                if (round === 0) a.finish(slot, T + 1000 + i, false)
                a.flush()
            }
        }
        const b = new SessionStore(RING, true)
        b.load()
        let same = 0
        await ds.sleep(0)
        for (let slot = 0; slot < RING; ++slot)
            if (b.id(slot) === a.id(slot) && b.label(slot) === LABEL && b.uuid(slot) === a.uuid(slot)) same++
        expect(same).toBe(RING)
        expect(b.sequence()).toBe(a.sequence())
        expect(b.activeSlots().length).toBe(RING)
    })
})
