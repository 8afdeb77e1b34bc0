import { describe, test, expect } from "@devicescript/test"
import { SessionStore } from "../../src/sessions/store"
import { ClearType } from "../../src/sessions/record"
import { Persistence, readBinarySetting, writeBinarySetting } from "../../src/settings/small-setting"
import { SLOTS_PER_KEY } from "../../src/sessions/persisted"
import { heldGroupKey } from "./stored-keys"

// Session uuids (docs/storage.md "Session uuids"): derived from the id and the creation time with a key the base
// stores once, so a record leaves them out; a record stored with its uuid by the firmware before keeps it.

const T = 1521114920

/** RFC 4122: 8-4-4-4-12 hex digits, version nibble 4, variant 10xx (8, 9, a or b). */
function isUuid4(u: string): boolean {
    const dashes = u[8] + u[13] + u[18] + u[23]
    return u.length === 36 && dashes === "----" && u[14] === "4" && "89ab".indexOf(u[19]) >= 0
}

/**
 * A group of the binary layout before derived uuids, by hand: slot 0 a started session (state, clear type, label
 * length, number u16, party size u16, id, goal, created, notified, cleared, sequence u32, the uuid's 16 bytes, the
 * label), slot 1 free (one byte 0).
 */
function groupOfTheLayoutBefore(): Buffer {
    const b = Buffer.alloc(47 + 3 + 1)
    b[0] = 1
    b[2] = 3
    b.setAt(3, "u16", 77)
    b.setAt(5, "u16", 2)
    b.setAt(7, "u32", 900)
    b.setAt(11, "u32", 300)
    b.setAt(15, "u32", T)
    b.setAt(27, "u32", 5)
    b.blitAt(31, hex`10 11 12 13 14 15 46 17 98 19 1a 1b 1c 1d 1e 1f`, 0, 16)
    b.blitAt(47, Buffer.from("Bob"), 0, 3)
    return b
}
const UUID_BEFORE = "10111213-1415-4617-9819-1a1b1c1d1e1f"

describe("sessions uuids", () => {
    test("a uuid is version 4, one per session, the same after a reload; another key gives others", () => {
        for (let g = 0; g < 2; ++g) writeBinarySetting(heldGroupKey(g), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(4, Persistence.Settings)
        a.load()
        const s0 = a.create(201, 1, 300, "Ana", T)
        const s1 = a.create(202, 1, 300, null, T)
        a.flush()
        expect(isUuid4(a.uuid(s0))).toBe(true)
        expect(isUuid4(a.uuid(s1))).toBe(true)
        expect(a.uuid(s0) === a.uuid(s1)).toBe(false)
        const b = new SessionStore(4, Persistence.Settings)
        b.load()
        expect(b.uuid(s0)).toBe(a.uuid(s0))
        expect(b.uuid(s1)).toBe(a.uuid(s1))
        // Two stores in RAM only, each with a key of its own: the same id and creation time, other uuids.
        const x = new SessionStore(2, Persistence.RamOnly)
        const y = new SessionStore(2, Persistence.RamOnly)
        expect(x.uuid(x.create(1, 1, 300, null, T)) === y.uuid(y.create(1, 1, 300, null, T))).toBe(false)
    })
    test("a record leaves its derived uuid out: 31 bytes and the label, bit 6 of byte 1 set", () => {
        writeBinarySetting(heldGroupKey(0), Buffer.alloc(SLOTS_PER_KEY))
        const a = new SessionStore(2, Persistence.Settings)
        a.load()
        expect(a.create(210, 1, 300, "Zoë", T)).toBe(0)
        a.flush()
        const value = readBinarySetting(heldGroupKey(0))
        expect(value.length).toBe(31 + Buffer.from("Zoë").length + 1)
        expect(value[1] & 0x40).toBe(0x40)
    })
    test("without a key in flash, the first flush stores one and the uuids stay", () => {
        writeBinarySetting("sesuuid", Buffer.alloc(0))
        const a = new SessionStore(2, Persistence.Settings)
        a.load()
        const slot = a.create(220, 1, 300, null, T)
        const uuid = a.uuid(slot)
        expect(readBinarySetting("sesuuid")).toBe(null)
        a.flush()
        expect(readBinarySetting("sesuuid").length).toBe(16)
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.uuid(slot)).toBe(uuid)
    })
    test("a uuid stored by the firmware before stays through a reload, a rewrite of its group and a revert", () => {
        writeBinarySetting(heldGroupKey(0), groupOfTheLayoutBefore())
        const a = new SessionStore(2, Persistence.Settings)
        a.load()
        expect(a.label(0)).toBe("Bob")
        expect(a.uuid(0)).toBe(UUID_BEFORE)
        const slot = a.create(230, 1, 300, null, T + 1)
        expect(slot).toBe(1)
        a.flush() // the group again: the old record with its uuid, the new one without
        expect(readBinarySetting(heldGroupKey(0)).length).toBe(47 + 3 + 31)
        const b = new SessionStore(2, Persistence.Settings)
        b.load()
        expect(b.uuid(0)).toBe(UUID_BEFORE)
        expect(b.uuid(1)).toBe(a.uuid(1))
        b.finish(0, T + 60, ClearType.Stop)
        b.revert()
        expect(b.state(0)).toBe("started")
        expect(b.uuid(0)).toBe(UUID_BEFORE)
        // The old session's slot taken by a new one: that one's uuid is derived.
        b.finish(0, T + 70, ClearType.Stop)
        b.finish(1, T + 70, ClearType.Stop)
        const reused = b.create(231, 1, 300, null, T + 80)
        expect(reused).toBe(0)
        expect(b.uuid(reused) === UUID_BEFORE).toBe(false)
        expect(isUuid4(b.uuid(reused))).toBe(true)
    })
})
