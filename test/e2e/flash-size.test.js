'use strict'
// The simulator's runner gives the VM a 576 KB flash (boards/sim/flash-size.js) and rewrites a flash file of
// another size with the same settings, which the runtime would otherwise format. Checked with the flash store's
// layout read independently (./fstor.js).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')
const { convertFlashFile, FLASH_KB } = require('../../boards/sim/flash-size')
const { readSettings } = require('./fstor')
const { tempFlash } = require('./harness')

const OLD = zlib.gunzipSync(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'hex-layout-24.flash.gz')))

test('a 128 KB flash file is rewritten at 576 KB with every setting but the program', () => {
    const file = tempFlash()
    fs.writeFileSync(file, OLD)
    const before = readSettings(OLD)
    assert.equal(before.totalPages * 4, 128)
    // the program, the clock, the base settings, 24 slot keys and the counters
    assert.deepEqual(Object.keys(before.live).length, 28)
    assert.match(convertFlashFile(file), /converted from 128 KB to 576 KB \(27 settings kept\)/)
    const image = fs.readFileSync(file)
    assert.equal(image.length, FLASH_KB * 1024)
    const after = readSettings(image)
    assert.deepEqual([after.totalPages, after.headerPages], [144, 9])
    const expected = Object.entries(before.live).filter(([k]) => !k.startsWith('*'))
    const hex = entries => Object.fromEntries(entries.map(([k, v]) => [k, v.toString('hex')]))
    assert.deepEqual(hex(Object.entries(after.live)), hex(expected))
})

test('an image is rewritten at the ESP32 partition size the same way (README: an upgrade that enlarges fstor)', () => {
    const file = tempFlash()
    fs.writeFileSync(file, OLD)
    assert.match(convertFlashFile(file, 1024), /converted from 128 KB to 1024 KB/)
    const after = readSettings(fs.readFileSync(file))
    assert.deepEqual([after.totalPages, after.headerPages], [256, 16])
    assert.equal(after.live[':sescount'].toString('hex'), readSettings(OLD).live[':sescount'].toString('hex'))
})

test('a flash file of the right size, an empty or a missing one is left alone', () => {
    const file = tempFlash()
    fs.writeFileSync(file, OLD)
    convertFlashFile(file)
    const converted = fs.readFileSync(file)
    assert.equal(convertFlashFile(file), null)
    assert.deepEqual(fs.readFileSync(file), converted)
    fs.writeFileSync(file, Buffer.alloc(0))
    assert.equal(convertFlashFile(file), null)
    assert.equal(convertFlashFile(path.join(path.dirname(file), 'none.bin')), null)
})
