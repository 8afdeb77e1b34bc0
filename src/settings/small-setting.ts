import { readSetting, writeSetting } from "@devicescript/settings"

// Small JSON values in DeviceScript settings, read and written in place.
//
// A settings value travels in one Jacdac packet: key + 1 + JSON must stay <= 232 bytes, or the write succeeds and
// the next read aborts the VM (a boot loop on the device). The guard below refuses such a value before anything
// reaches flash.
//
// The settings calls are async only in their type: the VM runs every call in the caller's fiber, so a call made
// through an untyped reference completes before it returns. That keeps the ring and clock API synchronous for
// the CoAP handlers that use them.

export const SETTING_PACKET_MAX = 232
const write: any = writeSetting
const read: any = readSetting
/** The key of the newest write not yet known to be in flash; null when every write is. */
let unsynced: string = null
let writes = 0

/** Bytes a value takes in the settings packet: key, NUL, UTF-8 of its JSON. */
export function settingBytes(key: string, value: any): number {
    return Buffer.from(key).length + 1 + Buffer.from(JSON.stringify(value)).length
}

/** Writes `value` under `key`; throws RangeError, writing nothing, when it would not fit the settings packet. */
export function writeSmallSetting(key: string, value: any) {
    const size = settingBytes(key, value)
    if (size > SETTING_PACKET_MAX) throw new RangeError("setting " + key + " too large: " + size + " bytes")
    write(key, value)
    unsynced = key
    writes++
}

/** How many writes were made since boot: a request that leaves it alone changed nothing in flash. */
export function smallSettingWrites(): number {
    return writes
}

/**
 * Returns once every write so far is in flash. A write only queues a packet for the settings service, which
 * writes the flash when it handles it, some milliseconds later; it handles packets in order, so the answer to a
 * read of the last key written comes after every write before it. Call before acknowledging a change.
 */
export function syncSmallSettings() {
    if (unsynced === null) return
    const upTo = writes
    read(unsynced, null)
    // A write made while the read was under way may come after it: it stays to be synced. A read that throws
    // leaves everything to be synced.
    if (writes === upTo) unsynced = null
}

/** The stored value, or null when the key is missing or its JSON is garbled. */
export function readSmallSetting(key: string): any {
    return read(key, null)
}
