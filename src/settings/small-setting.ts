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
//   and syncSmallSettings() pause (and so does writeBinarySetting(), for the read-back every
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
/** The key and value of the newest write not yet known to be in flash; null when every write is. */
let unsynced: string = null
let unsyncedValue: Buffer = null
let writes = 0
let inFlight = 0

/** Bytes a value takes in the settings packet: key, NUL, UTF-8 of its JSON. */
export function settingBytes(key: string, value: any): number {
    return Buffer.from(key).length + 1 + Buffer.from(JSON.stringify(value)).length
}

/** Writes `value` under `key`; throws RangeError, writing nothing, when it would not fit the settings packet. */
export function writeSmallSetting(key: string, value: any) {
    writeBinarySetting(key, Buffer.from(JSON.stringify(value)))
}

/** Writes the bytes of `value` under `key` as they are (no JSON); the same bound as writeSmallSetting. */
export function writeBinarySetting(key: string, value: Buffer) {
    const size = Buffer.from(key).length + 1 + value.length
    if (size > SETTING_PACKET_MAX) throw new RangeError("setting " + key + " too large: " + size + " bytes")
    if (inFlight >= SETTING_WRITES_IN_FLIGHT) syncSmallSettings()
    client.set(key, value)
    unsynced = key
    unsyncedValue = value
    writes++
    inFlight++
}

/** The stored bytes under `key` (JSON or binary), or null when the key is missing or empty. */
export function readBinarySetting(key: string): Buffer {
    const waitForReport = ds.actionReport as any as WaitForReport
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
}

/** How many writes were made since boot: a request that leaves it alone changed nothing in flash. */
export function smallSettingWrites(): number {
    return writes
}

/**
 * Returns once every write so far is in flash. A write only queues a packet for the settings service, which
 * writes the flash when it handles it, some milliseconds later; it handles packets in order, so the answer to a
 * read of the last key written comes after every write before it. Call before acknowledging a change.
 * Throws when that key does not hold what was written: the flash store drops a write it has no room for without
 * an error, and what was not stored must not be acknowledged.
 */
export function syncSmallSettings() {
    if (unsynced === null) return
    const upTo = writes
    const key = unsynced
    const expected = unsyncedValue
    const stored = readBinarySetting(key)
    // A write made while the read was under way may come after it: it stays to be synced. A read that throws
    // leaves everything to be synced.
    inFlight = writes - upTo
    if (!sameBytes(stored, expected)) throw new Error("setting " + key + " was not stored (flash full?)")
    if (writes === upTo) unsynced = null
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
