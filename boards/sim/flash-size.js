'use strict'
// The simulated flash's size, and the conversion of a flash file written at another size.
//
// The runtime keeps settings in the header half of its flash store (jacdac-c fstor): total / 16 pages. The CLI's
// default 128 KB gives 8 KB, too little for the session ring at its default capacity (README "Storage"); 576 KB
// gives 36 KB, the most the simulator's runtime allows (its data pages are capped at 128: 144 pages - 2 x 9).
//
// The runtime formats a store whose size differs from its header's, which would lose every setting of a flash
// file written before the size changed. So before the VM starts, a file of another size is rewritten at this
// size with the same live settings (the latest value of each key). Large values (the program, "*prog") are left
// out: the runner deploys the program again at every start.

const fs = require('node:fs')

const PAGE = 4096
const FLASH_KB = 576
const MAGIC0 = 0x52545346
const MAGIC1 = 0x6becea0a
const HEADER_BYTES = 24
const ENTRY_BYTES = 24
const KEY_BYTES = 16

const totalPages = kb => (kb * 1024) / PAGE
const headerPages = total => Math.max(1, Math.floor(total / 16))

/**
 * The live half of an fstor image: its generation (one more at each collection), its size, and its entries in
 * the order they were appended ({name, key, value}); null for no valid store.
 */
function storeState(image) {
    const total = image.readUInt16LE(16)
    const half = image.readUInt16LE(18) * PAGE
    if (image.length < total * PAGE) image = Buffer.concat([image, Buffer.alloc(total * PAGE - image.length, 0xff)])
    const valid = at =>
        at + HEADER_BYTES <= image.length && image.readUInt32LE(at) === MAGIC0 && image.readUInt32LE(at + 4) === MAGIC1
    const a = valid(0)
    const b = valid(half)
    if (!a && !b) return null
    const base = a && b ? (image.readUInt32LE(8) > image.readUInt32LE(half + 8) ? 0 : half) : a ? 0 : half
    const entries = []
    for (let e = base + HEADER_BYTES; e + ENTRY_BYTES <= base + half; e += ENTRY_BYTES) {
        const offset = image.readUInt32LE(e + 16)
        if (offset === 0xffffffff) break
        const key = image.subarray(e, e + KEY_BYTES)
        entries.push({
            name: key.toString('latin1').replace(/\0[\s\S]*$/, ''),
            key,
            value: image.subarray(offset, offset + image.readUInt32LE(e + 20)),
        })
    }
    return { generation: image.readUInt32LE(base + 8), headerBytes: half, entries }
}

/** Bytes an entry takes in the header half: the entry itself and its value rounded up to 8 (at least 8). */
const entryBytes = valueLength => ENTRY_BYTES + Math.max(8, Math.ceil(valueLength / 8) * 8)

/** The live small settings of an fstor image (the latest value of each key), in the order of their latest write. */
function liveSettings(image) {
    const state = storeState(image)
    if (!state) return null
    const latest = new Map()
    for (const entry of state.entries) {
        latest.delete(entry.name)
        if (!entry.name.startsWith('*')) latest.set(entry.name, entry)
    }
    return [...latest.values()]
}

/** A fresh fstor image of `kb` KB holding `settings` (as liveSettings returns them). */
function imageWith(settings, kb) {
    const total = totalPages(kb)
    const pages = headerPages(total)
    const image = Buffer.alloc(total * PAGE, 0xff)
    image.writeUInt32LE(MAGIC0, 0)
    image.writeUInt32LE(MAGIC1, 4)
    image.writeUInt32LE(1, 8)
    image.writeUInt32LE(PAGE, 12)
    image.writeUInt16LE(total, 16)
    image.writeUInt16LE(pages, 18)
    image.writeUInt32LE(0, 20)
    let entry = HEADER_BYTES
    let data = pages * PAGE
    for (const { key, value } of settings) {
        data -= entryBytes(value.length) - ENTRY_BYTES
        if (data < entry + 2 * ENTRY_BYTES) throw new Error('flash conversion: the settings do not fit')
        value.copy(image, data)
        key.copy(image, entry)
        image.writeUInt32LE(data, entry + 16)
        image.writeUInt32LE(value.length, entry + 20)
        entry += ENTRY_BYTES
    }
    return image
}

/**
 * Rewrites `file` at FLASH_KB when it holds a store of another size; leaves a missing, empty or current file
 * alone. Returns what it did, for the runner's log (null when nothing).
 */
function convertFlashFile(file, kb = FLASH_KB) {
    let image
    try {
        image = fs.readFileSync(file)
    } catch {
        return null
    }
    if (image.length < HEADER_BYTES || image.readUInt16LE(16) === totalPages(kb)) return null
    const settings = liveSettings(image)
    if (!settings) return null
    const temp = `${file}.${process.pid}.convert`
    fs.writeFileSync(temp, imageWith(settings, kb))
    fs.renameSync(temp, file)
    return `flash: ${file} converted from ${(image.readUInt16LE(16) * PAGE) / 1024} KB to ${kb} KB (${settings.length} settings kept)`
}

module.exports = { FLASH_KB, convertFlashFile, imageWith, liveSettings, storeState, entryBytes }

// `node boards/sim/flash-size.js <file> <KB>`: rewrites a flash store image (e.g. an ESP32 fstor partition read with
// esptool) at another size, keeping its settings (README "Storage").
if (require.main === module) {
    const [file, kb] = process.argv.slice(2)
    if (!file || !(Number(kb) > 0) || Number(kb) % 4) {
        console.error('usage: node boards/sim/flash-size.js <flash store image> <size in KB, a multiple of 4>')
        process.exit(2)
    }
    console.log(convertFlashFile(file, Number(kb)) || `${file}: already ${kb} KB, or no flash store in it`)
}
