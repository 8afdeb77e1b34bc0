import * as ds from "@devicescript/core"
import { settings } from "@devicescript/settings"
import { utf8Text } from "../text/utf8"
import { SETTING_WRITES_IN_FLIGHT } from "../limits"
import { sameBytes } from "../bytes/same-bytes"

// Small values in DeviceScript settings, JSON or binary, read and written in place.
//
// A settings value travels in one Jacdac packet: key + 1 + JSON must stay <= 232 bytes, or the write succeeds and
// the next read aborts the VM (a boot loop on the device). The guard below refuses such a value before anything
// reaches flash.
//
// The settings calls are async only in their type. DeviceScript has no promises: `await` compiles to nothing, and
// every call runs in the caller's fiber and returns when the callee has finished, pausing that fiber (other fibers
// run meanwhile) while the callee waits for a packet. The compiler insists on `await` only where it sees an async
// type, and an `await` would make every caller up the chain async: the store, the clock and the settings objects,
// which the CoAP handlers call in the middle of a request without awaiting. So the settings service is called here
// through the types below, which say what such a call does (docs/storage.md, "Writes and reads"):
// - set() and get() queue their command for the settings service and return; the service writes the flash later
//   (see syncSmallSettings());
// - waitForReport() returns the report answering a command, pausing its caller until it comes: readBinarySetting()
//   and syncSmallSettings() pause (and so does writeBinarySetting(), for the read-backs every
//   SETTING_WRITES_IN_FLIGHT writes), and their callers must expect other fibers to run meanwhile.

export const SETTING_PACKET_MAX = 232

/**
 * Whether an object keeps its values in settings (the base) or in RAM only (tests, benchmarks). RamOnly is 0, so
 * `if (this.persistence)` reads "if it persists" and costs no comparison in the bytecode.
 */
export const enum Persistence {
    RamOnly = 0,
    Settings = 1,
}
/** The settings service's commands, called without await (see above). */
interface SettingsCommands {
    set(key: string, value: Buffer): void
    get(key: string): void
}
/** ds.actionReport called without await (see above): sends a command with `send`, returns the matching report. */
type WaitForReport = (role: ds.Role, action: string, send: () => void, filter: (p: ds.Packet) => boolean) => ds.Packet

const client = settings as any as SettingsCommands
/** ds.sleep called without await: pauses the calling fiber (see above). */
const pause = ds.sleep as any as (ms: number) => void
/** Whether a read waits for its report (readBinarySetting: one at a time). */
let reading = false
/** The writes not yet read back, key then value: at most SETTING_WRITES_IN_FLIGHT of them. */
let unsynced: any[] = []
let writes = 0

/** Bytes a value takes in the settings packet: key, NUL, UTF-8 of its JSON. */
export function settingBytes(key: string, value: any): number {
    return Buffer.from(key).length + 1 + Buffer.from(JSON.stringify(value)).length
}

/**
 * Writes the bytes of `value` under `key` as they are; throws RangeError, writing nothing, when they would not fit a
 * settings packet. A write not `checked` is not read back (but for pacing, as the last of a sync): for a value
 * nothing reads again.
 */
export function writeBinarySetting(key: string, value: Buffer, checked = true) {
    checkSettingSize(key, value)
    if (unsynced.length >= 2 * SETTING_WRITES_IN_FLIGHT) syncSmallSettings()
    client.set(key, value)
    // A key written again before its read-back is checked for its newest value only.
    const at = unsynced.indexOf(key)
    if (at >= 0) unsynced.insert(at, -2)
    unsynced.push(key, checked ? value : null)
    writes++
}

/** Throws RangeError when `value` under `key` would not fit a settings packet. */
export function checkSettingSize(key: string, value: Buffer) {
    const size = Buffer.from(key).length + 1 + value.length
    if (size > SETTING_PACKET_MAX) throw new RangeError("setting " + key + " too large: " + size + " bytes")
}

/**
 * The stored bytes under `key` (JSON or binary), or null when the key is missing or empty. One read at a time, the
 * others wait (up to 2 s): ds.actionReport resumes every fiber whose filter matches a report, and a fiber that has
 * subscribed but not yet suspended (it is still sending its command) makes the VM panic, "fiber not suspended". Two
 * fibers reading one key at once did (a render reading a label while the commit reads its group back).
 */
export function readBinarySetting(key: string): Buffer {
    for (let i = 0; reading && i < 1000; ++i) pause(2)
    reading = true
    const waitForReport = ds.actionReport as any as WaitForReport
    try {
        const pkt = waitForReport(
            settings,
            "get",
            () => {
                client.get(key)
            },
            (p: ds.Packet) => p.decode()[0] === key
        )
        const b: Buffer = pkt.decode()[1]
        return b && b.length ? b : null
    } finally {
        reading = false
    }
}

/** How many writes were made since boot: a request that leaves it alone changed nothing in flash. */
export function smallSettingWrites(): number {
    return writes
}

/**
 * Returns once every write so far is in flash, each checked one read back. A write only queues a packet for the
 * settings service, which writes the flash when it handles it, some milliseconds later; it handles packets in order,
 * so the answer to a read comes after every write before it. Call before acknowledging a change.
 * Throws when a key does not hold what was written to it: the flash store drops a value it has no room for without
 * an error (a smaller one after it may still fit), and what was not stored must not be acknowledged. Each write is
 * checked once: after a throw, what flash holds is what counts (the commit that failed reverts to it).
 */
export function syncSmallSettings() {
    // Writes made while a read is under way (other fibers) are checked by the next sync.
    const checking = unsynced
    unsynced = []
    for (let i = 0; i < checking.length; i += 2) {
        const value = checking[i + 1]
        // A write not checked is read only as the last: a read waits for every write before it (the pacing).
        if (value === null && i < checking.length - 2) continue
        const stored = readBinarySetting(checking[i])
        if (value !== null && !sameBytes(stored, value))
            throw new Error("setting " + checking[i] + " was not stored (flash full?)")
    }
}

/** The stored value, or null when the key is missing or its JSON is garbled. */
export function readSmallSetting(key: string): any {
    const value = readBinarySetting(key)
    if (value === null) return null
    try {
        return JSON.parse(utf8Text(value))
    } catch (e) {
        return null
    }
}
