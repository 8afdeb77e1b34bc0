import {
    checkSettingSize,
    readBinarySetting,
    smallSettingWrites,
    syncSmallSettings,
    writeBinarySetting,
} from "./small-setting"

// Values that change together reach flash all at once or not at all (docs/storage.md "Atomic commits"). Each such
// value has two keys, its own and the same with a "+"; COPIES_KEY holds a bit per value naming the one that holds
// it. A commit of one value writes it where it is: a write of the flash store is atomic alone. A commit of several
// writes each under its other key, reads them all back, then switches them with one write of COPIES_KEY. A commit
// that throws has switched nothing: flash still holds what it held before, whatever it took of the writes.

/** The bits of COPIES_KEY: one per group of session slots, bits 0..127 (sessions/persisted.ts), then these. */
export const enum Copy {
    Counters = 128,
    Base,
    Access,
    Sntp,
    RadioModule,
}
const COPIES_KEY = "copies"
const COPIES_BYTES = 17

/** The bits as flash holds them (loadCommitBits() reads them at boot). */
let copies = Buffer.alloc(COPIES_BYTES)
/** The bits of the commit under way, and whether it has several values (1) or one (0). */
let next: Buffer
let several = 0
/** Settings changed since the last commit, bit, key and value each: the next commit writes them. */
let staged: any[] = []
let stagings = 0

/** Reads the bits from flash; call before any value is read. */
export function loadCommitBits() {
    const stored = readBinarySetting(COPIES_KEY)
    if (stored && stored.length === COPIES_BYTES) copies = stored
}

/**
 * The key that holds the value of `bit` now (`other` 0), or the other one (1): after a commit of several, the value it
 * replaced.
 */
export function keyOf(bit: number, key: string, other: number): string {
    return ((copies[bit >> 3] >> (bit & 7)) ^ other) & 1 ? key + "+" : key
}

/**
 * Keeps `value` for the next commit, in place of one kept for the same bit. Throws RangeError, keeping nothing,
 * when it would not fit a settings packet under either key.
 */
export function stageSetting(bit: number, key: string, value: Buffer) {
    checkSettingSize(key + "+", value)
    const at = staged.indexOf(bit)
    if (at >= 0) staged.insert(at, -3)
    staged.push(bit, key, value)
    stagings++
}

/** A number that moves with every write and every staged setting: a request that leaves it changed nothing durable. */
export function settingChanges(): number {
    return smallSettingWrites() + stagings
}

/**
 * Begins a commit of the staged settings and `count` more values, given to putValue(); returns 1 when they are
 * several (each then goes under the key that does not hold its value), else 0. The staged settings are written now, and
 * dropped from RAM whether the commit succeeds or not: after a failure the caller reverts to what flash holds.
 */
export function beginCommit(count: number): number {
    next = copies.slice(0)
    const values = staged
    staged = []
    several = count + values.length / 3 > 1 ? 1 : 0
    for (let i = 0; i < values.length; i += 3) putValue(values[i], values[i + 1], values[i + 2])
    return several
}

/** Writes one value of the commit under way: its bit, its own key, its bytes. */
export function putValue(bit: number, key: string, value: Buffer) {
    writeBinarySetting(keyOf(bit, key, several), value)
    if (several) next[bit >> 3] ^= 1 << (bit & 7)
}

/**
 * Ends the commit under way: returns once flash holds every value of it, each read back, or throws when it took
 * none of them (nothing switched).
 */
export function endCommit() {
    syncSmallSettings()
    if (several) {
        writeBinarySetting(COPIES_KEY, next)
        syncSmallSettings()
    }
    copies = next
}
