'use strict'
// Flash wear (README "Storage"): what one change to the sessions appends to the settings' header half, measured on
// the simulator's flash file with the ring full of 32-byte labels (half waiting, half in history), and the life of
// the ESP32's flash that follows from the flash store's own rules: a collection erases one header half and copies
// the live entries into it, once the appended entries have filled the free room; the halves take turns, so each
// sector is erased every second collection.

const fs = require('node:fs')
const { storeState, entryBytes } = require('../../boards/sim/flash-size')
const { startFirmware, probe } = require('./servers')
const { shippedConstant } = require('./variant')

const ERASE_CYCLES = 100000
const CHANGES_PER_DAY = 5000
/** The clock's checkpoint, once a minute. */
const CHECKPOINTS_PER_DAY = 1440
/** boards/esp32/build.sh: a 1 MB fstor partition, header half total / 16. */
const ESP32_HEADER_BYTES = (1024 * 1024) / 16
const LABEL = 'é'.repeat(16)

function liveBytes(state) {
    const latest = new Map()
    for (const e of state.entries) latest.set(e.name, e)
    let bytes = 0
    for (const e of latest.values()) if (!e.name.startsWith('*')) bytes += entryBytes(e.value.length)
    return bytes
}

/**
 * One request, sent again once if it gets no answer (one datagram each, no CoAP retransmission here), and again
 * after half a second while it gets 5.03: the pages of 30 guests come faster than the transmitter's queue of 20
 * drains at 461 ms a page, and a page refused changes nothing.
 */
async function call(fw, method, pathname, body, query) {
    let r = null
    for (let tries = 0; tries < 40; tries++) {
        r =
            (await probe(fw.port, pathname, { method, body, query, ms: 10000 })) ||
            (await probe(fw.port, pathname, { method, body, query, ms: 10000 }))
        if (!r || r.code !== 0xa3) break
        await new Promise(resolve => setTimeout(resolve, 500))
    }
    if (!r || r.code >> 5 !== 2)
        throw new Error(`${method} ${pathname} ${query || ''}: ${r ? r.code : 'no answer'}\n${fw.log().slice(-1500)}`)
}

/** Fills a ring of `capacity` and measures `guests` create / page / clear cycles (3 changes each). */
async function flashWear({ capacity, guests = 30, rfPort }) {
    let fw = await startFirmware({ rfPort })
    try {
        await call(fw, 'POST', 'v1/settings', { sessionCapacity: capacity })
        const flash = fw.flash
        await fw.stop({ keepFlash: true })
        fw = await startFirmware({ rfPort, flash })
        const half = Math.floor(capacity / 2)
        for (let i = 0; i < capacity; i++) await call(fw, 'POST', 'v1/sessions', { number: i, label: LABEL })
        for (let i = 0; i < capacity - half; i++)
            await call(fw, 'PUT', 'v1/sessions', { action: 'clear' }, `number=${i}`)

        let state = storeState(fs.readFileSync(fw.flash))
        const live = liveBytes(state)
        let appended = 0
        let measured = 0
        let collections = 0
        let changes = 0
        const after = async (method, body, query) => {
            await call(fw, method, 'v1/sessions', body, query)
            changes++
            const next = storeState(fs.readFileSync(fw.flash))
            if (next.generation === state.generation) {
                for (const e of next.entries.slice(state.entries.length)) appended += entryBytes(e.value.length)
                measured++
            } else {
                collections += next.generation - state.generation
            }
            state = next
        }
        for (let g = 0; g < guests; g++) {
            const number = 500 + g
            await after('POST', { number, label: LABEL })
            await after('PUT', { action: 'page' }, `number=${number}`)
            await after('PUT', { action: 'clear' }, `number=${number}`)
        }
        const bytesPerChange = Math.round(appended / Math.max(1, measured))
        const clockBytes = entryBytes(JSON.stringify(1733400000).length)
        const perDay = CHANGES_PER_DAY * bytesPerChange + CHECKPOINTS_PER_DAY * clockBytes
        // Once every group has been part of a commit of several values (a page is one), each has its second key
        // (docs/storage.md "Atomic commits"): a copy of the group's records in a ring up to BOTH_KEYS_MAX_CAPACITY,
        // emptied (one byte) above. The live bytes at the end of the run, with those of the groups that have none
        // yet, their key's value as the first one's.
        const latest = new Map(state.entries.map(e => [e.name, e]))
        const bothKeys = capacity <= shippedConstant('src/limits.ts', 'BOTH_KEYS_MAX_CAPACITY')
        let steady = liveBytes(state)
        for (let g = 0; g < Math.ceil(capacity / 2); g++)
            if (!latest.has(`:ses${g}+`)) {
                const own = latest.get(`:ses${g}`)
                steady += entryBytes(bothKeys && own ? own.value.length : 1)
            }
        const collectionsPerDay = perDay / (ESP32_HEADER_BYTES - steady)
        return {
            capacity,
            changes,
            liveBytes: live,
            steadyLiveBytes: steady,
            simHeaderBytes: state.headerBytes,
            bytesPerChange,
            simCollections: collections,
            esp32: {
                headerBytes: ESP32_HEADER_BYTES,
                changesPerDay: CHANGES_PER_DAY,
                bytesPerDay: perDay,
                collectionsPerDay: Math.round(collectionsPerDay * 10) / 10,
                years: Math.round((ERASE_CYCLES / (collectionsPerDay / 2) / 365) * 10) / 10,
            },
        }
    } finally {
        await fw.stop()
    }
}

module.exports = { flashWear, ERASE_CYCLES, CHANGES_PER_DAY }
