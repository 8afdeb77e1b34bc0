import { Copy, keyOf, loadCommitBits } from "../../src/settings/atomic-commit"
import { groupKey } from "../../src/sessions/persisted"
import { syncSmallSettings, writeBinarySetting } from "../../src/settings/small-setting"

// The keys a test writes or reads to see flash as the store does: a value lives under its own key or under the same
// with a "+", whichever the bits of src/settings/atomic-commit.ts name (docs/storage.md "Atomic commits").

/** The key that holds group g of the ring now. */
export function heldGroupKey(g: number): string {
    return keyOf(g, groupKey(g), 0)
}

/** The key that holds the counters now. */
export function heldCountersKey(): string {
    return keyOf(Copy.Counters, "sescount", 0)
}

/** Writes `value` as JSON under `key`, as a layout before the binary one did. */
export function writeJson(key: string, value: any) {
    writeBinarySetting(key, Buffer.from(JSON.stringify(value)))
}

/**
 * Flash as the firmware before atomic commits left it: no bits ("copies", 17 bytes), each value under its own key.
 * The second keys that held values are emptied, to leave their room to the values a test writes next.
 */
export function forgetCommitBits() {
    for (let g = 0; g < Copy.Counters; ++g)
        if (heldGroupKey(g) !== groupKey(g)) writeBinarySetting(heldGroupKey(g), Buffer.alloc(1))
    if (heldCountersKey() !== "sescount") writeBinarySetting(heldCountersKey(), Buffer.alloc(1))
    writeBinarySetting("copies", Buffer.alloc(17))
    syncSmallSettings()
    loadCommitBits()
}
