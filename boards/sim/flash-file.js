'use strict'
// The simulated flash on disk, kept whole under a kill of the simulator (docs/udp-contract.md "The simulated flash").
//
// The CLI hands over the whole flash image (576 KB) at every flash write. A save writes only the 4 KB pages that
// changed: first all of them, with a checksum, to a journal next to the flash file, then each in its place in the
// file, then it voids the journal. A kill while the journal is written leaves the file as the previous save left it
// (the journal's checksum fails); a kill during the writes in place leaves a complete journal, which `recover`
// applies before the next start. No truncation and no rename: on ext4 either starts a write-back that stalled Node
// (and every datagram waiting for it) for up to 23 ms, where these writes take a fraction of a millisecond.

const crypto = require('node:crypto')
const fs = require('node:fs')

const PAGE = 4096
const MAGIC = 0x4a524e4c // "LNRJ" little-endian: a journal that still has to be applied
const VOID = 0
const ERASED = 0xff
// magic u32, pages u32, the flash file's length u32, sha256 of everything after it (32 bytes)
const HEADER = 44
const RECORD = 4 + PAGE // the page's offset u32, its bytes

const READ_WRITE = fs.constants.O_RDWR | fs.constants.O_CREAT
const journalOf = file => `${file}-journal`

/** The pages a complete journal holds for a flash file of `length` bytes, or null. */
function readJournal(file, length) {
    let journal
    try {
        journal = fs.readFileSync(journalOf(file))
    } catch {
        return null
    }
    if (journal.length < HEADER || journal.readUInt32LE(0) !== MAGIC || journal.readUInt32LE(8) !== length) return null
    const end = HEADER + journal.readUInt32LE(4) * RECORD
    if (
        end > journal.length ||
        !sha256(journal.subarray(4, 12), journal.subarray(HEADER, end)).equals(journal.subarray(12, 44))
    )
        return null
    const pages = []
    for (let at = HEADER; at < end; at += RECORD) {
        const offset = journal.readUInt32LE(at)
        if (offset % PAGE !== 0 || offset + PAGE > length) return null
        pages.push({ offset, bytes: journal.subarray(at + 4, at + RECORD) })
    }
    return pages
}

function sha256(...parts) {
    const hash = crypto.createHash('sha256')
    for (const part of parts) hash.update(part)
    return hash.digest()
}

/** The flash image as the last save that began left it (a complete journal applied in memory), or null. */
function flashImage(file) {
    let image
    try {
        image = fs.readFileSync(file)
    } catch {
        return null
    }
    for (const page of readJournal(file, image.length) || []) page.bytes.copy(image, page.offset)
    return image
}

/** Applies a journal a kill left complete to the flash file, then removes it. Returns whether it applied one. */
function recover(file) {
    const image = flashImage(file)
    const pages = image ? readJournal(file, image.length) : null
    if (pages && pages.length) {
        const fd = fs.openSync(file, 'r+')
        try {
            for (const page of pages) fs.writeSync(fd, page.bytes, 0, PAGE, page.offset)
        } finally {
            fs.closeSync(fd)
        }
    }
    fs.rmSync(journalOf(file), { force: true })
    return Boolean(pages && pages.length)
}

/**
 * Returns save(data): writes the flash image `data` (a Uint8Array) to `file`, which holds a flash of `bytes`. The
 * runtime hands over the flash up to its last written byte; the file holds all of it, the rest erased (0xff), as
 * the runtime fills what a load does not cover. The first save, and one onto a file of another length (written
 * before this file format), replaces the file whole (a temporary file renamed over it).
 */
function flashSaver(file, bytes) {
    let saved = null // the flash as the file holds it
    let fds = null
    let journal = Buffer.alloc(0) // reused: a save allocates nothing the garbage collector would have to catch up with
    const erasedPage = Buffer.alloc(PAGE, ERASED)
    const edgePage = Buffer.alloc(PAGE)
    const voided = Buffer.alloc(4, VOID)

    /** Page `offset` of the flash that `data` describes (no copy where `data` holds the whole page). */
    function pageOf(data, offset) {
        if (offset + PAGE <= data.length) return data.subarray(offset, offset + PAGE)
        if (offset >= data.length) return erasedPage
        edgePage.fill(ERASED)
        data.copy(edgePage, 0, offset)
        return edgePage
    }

    function replaceWhole(image) {
        if (fds !== null) {
            fs.closeSync(fds.flash) // the rename below gives the path a new file
            fs.closeSync(fds.journal)
            fds = null
        }
        const temp = `${file}.${process.pid}.tmp`
        fs.writeFileSync(temp, image)
        fs.renameSync(temp, file)
        saved = image
    }

    return function save(image) {
        const data = Buffer.from(image.buffer, image.byteOffset, image.byteLength)
        const length = Math.max(bytes, Math.ceil(data.length / PAGE) * PAGE)
        if (saved === null) saved = flashImage(file)
        if (saved === null || saved.length !== length) {
            const whole = Buffer.alloc(length, ERASED)
            data.copy(whole)
            return replaceWhole(whole)
        }
        const changed = []
        for (let offset = 0; offset < length; offset += PAGE)
            if (!pageOf(data, offset).equals(saved.subarray(offset, offset + PAGE))) changed.push(offset)
        if (changed.length === 0) return
        // Not O_APPEND: Linux would append positional writes.
        if (fds === null) fds = { flash: fs.openSync(file, 'r+'), journal: fs.openSync(journalOf(file), READ_WRITE) }

        const size = HEADER + changed.length * RECORD
        if (journal.length < size) journal = Buffer.alloc(size)
        journal.writeUInt32LE(MAGIC, 0)
        journal.writeUInt32LE(changed.length, 4)
        journal.writeUInt32LE(length, 8)
        changed.forEach((offset, i) => {
            journal.writeUInt32LE(offset, HEADER + i * RECORD)
            pageOf(data, offset).copy(journal, HEADER + i * RECORD + 4)
        })
        sha256(journal.subarray(4, 12), journal.subarray(HEADER, size)).copy(journal, 12)
        fs.writeSync(fds.journal, journal, 0, size, 0)
        changed.forEach((offset, i) => {
            const page = HEADER + i * RECORD + 4
            fs.writeSync(fds.flash, journal, page, PAGE, offset)
            journal.copy(saved, offset, page, page + PAGE)
        })
        fs.writeSync(fds.journal, voided, 0, 4, 0)
    }
}

module.exports = { flashSaver, flashImage, recover, PAGE }
