import { describe, test, expect } from "@devicescript/test"
import {
    Copy,
    beginCommit,
    endCommit,
    keyOf,
    loadCommitBits,
    putValue,
    stageSetting,
} from "../../src/settings/atomic-commit"
import { readBinarySetting, syncSmallSettings } from "../../src/settings/small-setting"
import { MAX_CAPACITY } from "../../src/limits"
import { SLOTS_PER_KEY } from "../../src/sessions/persisted"

// Atomic commits (docs/storage.md "Atomic commits") on the test runner's flash. Bits 133 and 134 are the spare ones
// of the 136 the bits' value holds (none of the base's values uses them), so these tests touch no other value.

const A = 133
const B = 134

function bytes(text: string): Buffer {
    return Buffer.from(text)
}

function stored(bit: number, key: string, other: number): string {
    const b = readBinarySetting(keyOf(bit, key, other))
    return b === null ? null : b.toString()
}

/** Both values back to a known state: "a0" and "b0" under the keys that hold them. */
function reset() {
    beginCommit(0)
    putValue(A, "tA", bytes("a0"))
    putValue(B, "tB", bytes("b0"))
    endCommit()
}

describe("atomic commits", () => {
    test("the bits have room for every group of the largest ring, then the other values, before the spare ones", () => {
        expect(Copy.Counters).toBe(MAX_CAPACITY / SLOTS_PER_KEY)
        expect(Copy.RadioModule < A).toBe(true)
    })
    test("one value is written where it is; several go under their other keys and one write switches them", () => {
        reset()
        const heldA = keyOf(A, "tA", 0)
        beginCommit(1)
        putValue(A, "tA", bytes("a1"))
        endCommit()
        expect(keyOf(A, "tA", 0)).toBe(heldA)
        expect(stored(A, "tA", 0)).toBe("a1")

        const heldB = keyOf(B, "tB", 0)
        expect(beginCommit(2)).toBe(1)
        putValue(A, "tA", bytes("a2"))
        putValue(B, "tB", bytes("b2"))
        endCommit()
        expect(keyOf(A, "tA", 0) === heldA).toBe(false)
        expect(keyOf(B, "tB", 0) === heldB).toBe(false)
        expect(stored(A, "tA", 0)).toBe("a2")
        expect(stored(B, "tB", 0)).toBe("b2")
        // The values they replaced stay under the other keys until written over.
        expect(stored(A, "tA", 1)).toBe("a1")
        expect(stored(B, "tB", 1)).toBe("b0")
        // The bits as flash holds them name the same keys (a restart reads them).
        loadCommitBits()
        expect(keyOf(A, "tA", 0) === heldA).toBe(false)
        expect(stored(A, "tA", 0)).toBe("a2")
    })

    test("a commit of several that throws before its end switches nothing, whatever it wrote", () => {
        reset()
        const heldA = keyOf(A, "tA", 0)
        beginCommit(2)
        putValue(A, "tA", bytes("a3"))
        // The second value does not fit a settings packet: RangeError, after the first was written.
        expect(() => putValue(B, "tB", Buffer.alloc(300))).toThrow()
        syncSmallSettings()
        expect(stored(A, "tA", 1)).toBe("a3")
        expect(keyOf(A, "tA", 0)).toBe(heldA)
        expect(stored(A, "tA", 0)).toBe("a0")
        expect(stored(B, "tB", 0)).toBe("b0")
        loadCommitBits()
        expect(keyOf(A, "tA", 0)).toBe(heldA)
    })

    test("staged settings go with the next commit, all at once with its values; a failed one drops them", () => {
        reset()
        stageSetting(A, "tA", bytes("a4"))
        stageSetting(A, "tA", bytes("a5")) // in place of the first: one value
        expect(stored(A, "tA", 0)).toBe("a0")
        expect(beginCommit(1)).toBe(1)
        putValue(B, "tB", bytes("b5"))
        endCommit()
        expect(stored(A, "tA", 0)).toBe("a5")
        expect(stored(B, "tB", 0)).toBe("b5")

        stageSetting(A, "tA", bytes("a6"))
        expect(() => {
            beginCommit(1)
            putValue(B, "tB", Buffer.alloc(300))
        }).toThrow()
        syncSmallSettings()
        expect(stored(A, "tA", 0)).toBe("a5")
        // dropped: the next commit does not write it
        beginCommit(1)
        putValue(B, "tB", bytes("b7"))
        endCommit()
        expect(stored(A, "tA", 0)).toBe("a5")
        expect(stored(B, "tB", 0)).toBe("b7")
        // too large for a settings packet under its second key: refused when staged, nothing kept
        expect(() => stageSetting(A, "tA", Buffer.alloc(232 - 3))).toThrow()
    })
})
