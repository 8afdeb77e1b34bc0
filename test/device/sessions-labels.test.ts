import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { Label, SessionStore, UNCHANGED } from "../../src/sessions/store"
import { ClearType, Field } from "../../src/sessions/record"
import { Persistence, readBinarySetting, writeBinarySetting } from "../../src/settings/small-setting"
import { SLOTS_PER_KEY } from "../../src/sessions/persisted"
import { LABELS_READ_KEPT } from "../../src/limits"
import { heldGroupKey } from "./stored-keys"
import { T, context, expectBlocksMatch, historyBody, label, whole } from "./blocks"

// A persisted ring keeps at most `frames` labels in RAM; the others are read from flash when asked for
// (src/sessions/label-frames.ts, docs/storage.md "Labels in RAM"). The rings here are small, with fewer frames still,
// so that they fit the test runner's 8 KB settings area.

const RING = 8
const FRAMES = 2

/** A distinct label per pager number, of a length that differs from its neighbours'. */
function labelOf(number: number): string {
    return "guest " + number + "-" + "xyz".slice(0, number % 3)
}

/** A ring of RING sessions, every one labelled and written, created one commit after another. */
function filledRing(): SessionStore {
    // not loaded: its writes cover every slot key, whatever other suites left in this run's settings
    const s = new SessionStore(RING, Persistence.Settings, FRAMES)
    for (let i = 0; i < RING; ++i) {
        expect(s.roomForLabel(-1, labelOf(i))).toBe(true)
        expect(s.create(i, 1, 300, labelOf(i), T + i)).toBe(i)
        s.flush()
    }
    return s
}

/** The label of `number` as alterFlash() leaves it in flash. */
function altered(number: number): string {
    return "G" + labelOf(number).slice(1)
}

/** Flash altered under the ring: each label's first letter, "g" to "G" (its length stays). */
function alterFlash() {
    for (let g = 0; g < RING / SLOTS_PER_KEY; ++g) {
        const value = readBinarySetting(heldGroupKey(g))
        for (let i = 0; i < value.length; ++i) if (value[i] === 0x67) value[i] = 0x47
        writeBinarySetting(heldGroupKey(g), value)
    }
}

/** How many slots' labels are the ones their pager numbers were given. */
function rightLabels(s: SessionStore): number {
    let right = 0
    for (let slot = 0; slot < s.slots; ++slot) if (s.label(slot) === labelOf(s.field(slot, Field.Number))) right++
    return right
}

describe("sessions labels in RAM and flash", () => {
    test("labels beyond the frames are read from flash, as they were written, before and after a reload", async () => {
        const s = filledRing()
        await ds.sleep(0)
        const reloaded = new SessionStore(RING, Persistence.Settings, FRAMES)
        reloaded.load()
        expect(rightLabels(reloaded)).toBe(RING)
        expect(reloaded.labelReads).toBe(0)
        // The frames hold the labels given last, those of the last FRAMES sessions created; the others show flash
        // altered under the ring. Every session waits, so none of them gives its frame to a label read.
        alterFlash()
        await ds.sleep(0)
        let fromFlash = 0
        let inRam = 0
        for (let slot = 0; slot < RING; ++slot) {
            const label = s.label(slot)
            if (label === altered(slot)) fromFlash++
            if (label === labelOf(slot)) inRam += slot >= RING - FRAMES ? 1 : 0
        }
        expect(fromFlash).toBe(RING - FRAMES)
        expect(inRam).toBe(FRAMES)
    })
    test("a label read takes a frame from a finished session's label, never from a waiting guest's", async () => {
        const s = filledRing()
        // slot RING - 2 has a frame; finished and written, its frame may go
        s.finish(RING - 2, T + 100, ClearType.Stop)
        s.flush()
        expect(s.label(0)).toBe(labelOf(0))
        alterFlash()
        await ds.sleep(0)
        // Slot 0 took the finished session's frame; slot 1, read from flash, found none to take (slot 0 and the last
        // guest keep theirs).
        const shown = [0, 1, 0, RING - 2, RING - 1].map(slot => s.label(slot))
        const expected = [labelOf(0), altered(1), labelOf(0), altered(RING - 2), labelOf(RING - 1)]
        expect(shown.join()).toBe(expected.join())
    })
    test("the last labels read without a frame are kept, until more are read or their session changes", async () => {
        const s = filledRing()
        // Every session waits: a label read from flash takes no frame, and is kept among the last read.
        expect(s.label(0) + s.label(1)).toBe(labelOf(0) + labelOf(1))
        alterFlash()
        await ds.sleep(0)
        expect(s.label(0) + s.label(1)).toBe(labelOf(0) + labelOf(1))
        // A change of session 0 moves its sequence: what was kept of it is not used.
        s.update(0, 3, UNCHANGED, null, Label.Keep)
        expect(s.label(0)).toBe(altered(0))
        // Three entries are taken (0 before its change, 1, 0 after it); LABELS_READ_KEPT - 1 more reads reach 1's.
        for (let slot = 2; slot <= LABELS_READ_KEPT; ++slot) expect(s.label(slot)).toBe(altered(slot))
        expect(s.label(1)).toBe(altered(1))
    })
    test("a change beside a label in flash writes that label back with its group", async () => {
        const s = filledRing()
        // Every slot changes, each group so written again with its partner's label, read from flash if it left RAM.
        for (let slot = 0; slot < RING; ++slot) {
            await ds.sleep(0)
            s.page(slot, T + 100)
            s.update(slot, 3, UNCHANGED, null, Label.Keep)
            s.flush()
        }
        await ds.sleep(0)
        const reloaded = new SessionStore(RING, Persistence.Settings, FRAMES)
        reloaded.load()
        expect(rightLabels(reloaded)).toBe(RING)
        expect(reloaded.field(RING - 1, Field.PartySize)).toBe(3)
    })
    test("while every frame holds a label not yet written, a new label is refused; the commit frees them", () => {
        const s = filledRing()
        // two changed labels take both frames until they are written
        s.update(0, UNCHANGED, UNCHANGED, "Ann", Label.Replace)
        s.update(2, UNCHANGED, UNCHANGED, "Bob", Label.Replace)
        expect(s.roomForLabel(-1, "Cy")).toBe(false)
        expect(s.roomForLabel(4, "Cy")).toBe(false)
        // a label without bytes needs no frame, and a slot with a frame keeps it
        expect(s.roomForLabel(-1, null)).toBe(true)
        expect(s.roomForLabel(-1, "")).toBe(true)
        expect(s.roomForLabel(0, "Zed")).toBe(true)
        s.flush()
        expect(s.roomForLabel(4, "Cy")).toBe(true)
        s.update(4, UNCHANGED, UNCHANGED, "Cy", Label.Replace)
        expect([s.label(0), s.label(2), s.label(4)].join()).toBe("Ann,Bob,Cy")
    })
    test("a revert gives the labels back as flash holds them", async () => {
        const s = filledRing()
        s.update(1, UNCHANGED, UNCHANGED, "Zed", Label.Replace)
        s.update(3, UNCHANGED, UNCHANGED, null, Label.Replace)
        await ds.sleep(0)
        s.revert()
        expect(rightLabels(s)).toBe(RING)
    })
    test("labels read from flash as blocks are rendered: the blocks are the one-piece rendering, every label its own", async () => {
        // RING - FRAMES labels are in flash only, and each render reads those it shows.
        const store = new SessionStore(RING, Persistence.Settings, FRAMES)
        for (let i = 0; i < RING; ++i) {
            await ds.sleep(0)
            store.finish(store.create(100 + i, 4, 300, label(i), T + i), T + 200 + i, ClearType.Stop)
            store.flush()
        }
        const body = historyBody(context(store))
        await expectBlocksMatch(body, [64])
        const history = JSON.parse((await whole(body)).toString()).session_history
        expect(history.length).toBe(RING)
        let own = 0
        for (const s of history) if (s.label === label(s.number - 100)) own++
        expect(own).toBe(RING)
        expect(store.labelReads).toBe(0)
    })
})
