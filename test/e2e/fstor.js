'use strict'
// Reads the settings in a simulated flash file, as the runtime's flash store (jacdac-c fstor) lays them out:
// two header halves of total/16 pages, each a 24-byte header (magic, magic, generation u32, page size u32,
// total pages u16, header pages u16, reserved u32) followed by 24-byte entries (key[16], offset u32, size u32)
// appended in order; the half with the higher generation is live, and the last entry of a key is its value.
// User settings carry a ":" before their key. README "Storage" describes the layout.

const MAGIC0 = 0x52545346
const MAGIC1 = 0x6becea0a
const PAGE = 4096

/** @returns {{headerPages: number, totalPages: number, generation: number, entries: number, live: Record<string, Buffer>}} */
function readSettings(image) {
    const totalPages = image.readUInt16LE(16)
    const headerPages = image.readUInt16LE(18)
    if (image.length < totalPages * PAGE)
        image = Buffer.concat([image, Buffer.alloc(totalPages * PAGE - image.length, 0xff)])
    const half = headerPages * PAGE
    const valid = at => image.readUInt32LE(at) === MAGIC0 && image.readUInt32LE(at + 4) === MAGIC1
    const generation = at => image.readUInt32LE(at + 8)
    const a = valid(0),
        b = valid(half)
    if (!a && !b) throw new Error('no valid fstor header')
    const base = a && b ? (generation(0) > generation(half) ? 0 : half) : a ? 0 : half
    const live = {}
    let entries = 0
    for (let e = base + 24; e + 24 <= base + half; e += 24) {
        const offset = image.readUInt32LE(e + 16)
        if (offset === 0xffffffff) break
        const key = image
            .subarray(e, e + 16)
            .toString('latin1')
            .replace(/\0[\s\S]*$/, '')
        live[key] = image.subarray(offset, offset + image.readUInt32LE(e + 20))
        entries++
    }
    return { headerPages, totalPages, generation: generation(base), entries, live }
}

module.exports = { readSettings }
