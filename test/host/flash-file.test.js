'use strict'
// The simulated flash on disk (boards/sim/flash-file.js): a save writes only the changed pages, through a journal,
// and a kill at any point of a save leaves the flash as the save before it left it or as this save makes it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { flashSaver, flashImage, recover, PAGE } = require('../../boards/sim/flash-file')

const FLASH_BYTES = 576 * 1024 // the simulator's flash (boards/sim/flash-size.js)
const PAGES = FLASH_BYTES / PAGE

/** The image after save n: page p was last written at the latest save m <= n with (m + p) % 3 === 0, with byte m. */
function imageAfter(n) {
    const image = Buffer.alloc(FLASH_BYTES, 0xff)
    for (let p = 0; p < PAGES; p++) {
        const m = n - ((n + p) % 3)
        if (m >= 0) image.fill(m & 0xff, p * PAGE, (p + 1) * PAGE)
    }
    return image
}

function tempFlash() {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-flash-file-')), 'flash.bin')
}

// The child of the kill test: saves imageAfter(0), imageAfter(1), ... and prints each n once saved.
if (process.env.FLASH_FILE_CHILD) {
    const save = flashSaver(process.env.FLASH_FILE_CHILD, FLASH_BYTES)
    for (let n = 0; n < 100000; n++) {
        save(new Uint8Array(imageAfter(n)))
        fs.writeSync(1, `${n}\n`)
    }
    process.exit(0)
}

test('saves land in place: the same file, every page as the last save left it', () => {
    const file = tempFlash()
    const save = flashSaver(file, FLASH_BYTES)
    save(imageAfter(0))
    const inode = fs.statSync(file).ino
    for (let n = 1; n <= 5; n++) {
        save(imageAfter(n))
        assert.ok(fs.readFileSync(file).equals(imageAfter(n)), `save ${n}`)
    }
    assert.equal(fs.statSync(file).ino, inode, 'no file replaced the flash file after the first save')
    assert.equal(recover(file), false, 'no journal is left to apply after complete saves')
    assert.ok(fs.readFileSync(file).equals(imageAfter(5)))
})

test('the runtime hands over the flash up to its last written byte: the file holds all of it, the rest erased', () => {
    const file = tempFlash()
    fs.writeFileSync(file, imageAfter(3).subarray(0, 155647)) // a file as the runner wrote them before
    const save = flashSaver(file, FLASH_BYTES)
    save(imageAfter(4).subarray(0, 100000))
    const erasedFrom = image => Buffer.concat([image, Buffer.alloc(FLASH_BYTES - image.length, 0xff)])
    assert.ok(fs.readFileSync(file).equals(erasedFrom(imageAfter(4).subarray(0, 100000))))
    const inode = fs.statSync(file).ino
    save(new Uint8Array([0, 0, 0, 0])) // what the CLI saves to clear the flash
    assert.ok(fs.readFileSync(file).equals(erasedFrom(Buffer.alloc(4))))
    save(imageAfter(5))
    assert.ok(fs.readFileSync(file).equals(imageAfter(5)))
    assert.equal(fs.statSync(file).ino, inode, 'saved in place once the file holds the whole flash')
})

test('a save stopped at any of its writes leaves the old image or, once its journal is whole, the new one', () => {
    const realWrite = fs.writeSync
    // Save 2 changes a third of the pages: one journal write, one write per page, one to void the journal.
    const writes = 1 + PAGES / 3 + 1
    for (let stopAt = 1; stopAt <= writes; stopAt++) {
        for (const partial of [false, true]) {
            const file = tempFlash()
            const save = flashSaver(file, FLASH_BYTES)
            save(imageAfter(0))
            save(imageAfter(1))
            let calls = 0
            fs.writeSync = function (fd, buffer, offset, length, position) {
                if (++calls < stopAt) return realWrite.apply(this, arguments)
                // a kill in the middle of this write: the first half of its bytes reach the file
                if (partial) realWrite.call(this, fd, buffer, offset, Math.floor(length / 2), position)
                throw new Error('killed')
            }
            try {
                assert.throws(() => save(imageAfter(2)), /killed/)
            } finally {
                fs.writeSync = realWrite
            }
            const expected = stopAt === 1 ? imageAfter(1) : imageAfter(2)
            const what = `stopped at write ${stopAt} of ${writes}${partial ? ', half written' : ''}`
            assert.ok(flashImage(file).equals(expected), `the image read back, ${what}`)
            // a kill inside the last write leaves the journal's mark half voided: nothing left to apply
            const journalLeft = stopAt > 1 && !(stopAt === writes && partial)
            assert.equal(recover(file), journalLeft, `a journal applied at start, ${what}`)
            assert.ok(fs.readFileSync(file).equals(expected), `the file after recovery, ${what}`)
            fs.rmSync(path.dirname(file), { recursive: true })
        }
    }
})

test('SIGKILL during saves: the flash is whole and at the last save reported or the one after it', async t => {
    const file = tempFlash()
    let applied = 0
    for (let kill = 0; kill < 12; kill++) {
        const child = spawn(process.execPath, [__filename], {
            env: { ...process.env, FLASH_FILE_CHILD: file },
            stdio: ['ignore', 'pipe', 'inherit'],
        })
        let out = ''
        child.stdout.on('data', d => (out += d))
        const exited = new Promise(resolve => child.on('exit', resolve))
        await new Promise(resolve => setTimeout(resolve, 150 + kill * 37))
        child.kill('SIGKILL')
        await exited
        const done = out.trim().split('\n').filter(Boolean).map(Number)
        const last = done.length ? done[done.length - 1] : -1
        const image = flashImage(file)
        if (last < 0 && image === null) continue
        const at = [last, last + 1].find(n => n >= 0 && image.equals(imageAfter(n)))
        assert.notEqual(at, undefined, `kill ${kill}: after save ${last} the flash matches neither it nor the next`)
        if (recover(file)) applied++
        assert.ok(fs.readFileSync(file).equals(imageAfter(at)), `kill ${kill}: the file after recovery`)
        fs.rmSync(file) // the next child starts from an empty flash, as its saves count from 0
    }
    t.diagnostic(`journals applied after a kill: ${applied} of 12`)
})
