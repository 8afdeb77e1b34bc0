'use strict'
// What independent decoders must read from each protocol, computed by hand from docs/radio-protocols.md and
// docs/api.md (never from the encoders' output). Shared by the encoder test and the end-to-end radio test.

const bin = (v, n) => v.toString(2).padStart(n, '0')
const lsbFirst = (v, n) => bin(v, n).split('').reverse().join('')
/** rtl_433 prints a row MSB-first, zero-padded to whole hex digits. */
const rowHex = bits => {
    const padded = bits.padEnd(Math.ceil(bits.length / 4) * 4, '0')
    let hex = ''
    for (let i = 0; i < padded.length; i += 4) hex += parseInt(padded.slice(i, i + 4), 2).toString(16)
    return hex
}
const ceilMs = (chips, rate) => Math.ceil((chips * 1000) / rate)

// docs/radio-protocols.md 2.1-2.6: key layouts, frame lengths in chips, frames per transmission
function t112(system, pager) {
    return {
        code: rowHex(lsbFirst(system, 13) + lsbFirst(pager, 10) + '0'),
        system,
        pager,
        action: 0,
        count: 12,
        airtimeMs: ceilMs(12 * (2 + 59 + 24 * 12), 9100),
    }
}
function t119(system, pager) {
    return {
        code: rowHex(lsbFirst(system, 13) + lsbFirst(pager, 10) + '0' + '0'),
        system,
        pager,
        action: 0,
        count: 10,
        airtimeMs: ceilMs(10 * (24 * 4 + 1 + 30), 3690),
    }
}
function td157(system, pager) {
    return {
        code: rowHex(bin(system, 10) + bin(pager, 10) + '0010' + '0'),
        system,
        pager,
        action: 2,
        count: 10,
        airtimeMs: ceilMs(10 * (24 * 4 + 1 + 30), 4717),
    }
}
function td158(system, pager) {
    return {
        code: rowHex(bin(system, 10) + bin(pager, 10) + bin(4, 5) + '0'),
        system,
        pager,
        action: 4,
        count: 10,
        airtimeMs: ceilMs(10 * (25 * 4 + 1 + 25), 4673),
    }
}
function td161(system, pager) {
    const digits = [
        pager % 10,
        Math.floor(pager / 10) % 10,
        Math.floor(pager / 100),
        0,
        system % 10,
        Math.floor(system / 10) % 10,
        Math.floor(system / 100),
        0,
        0,
    ]
    return {
        code: rowHex(digits.map(d => lsbFirst(d, 4)).join('')),
        system,
        pager,
        action: 0,
        count: 30,
        airtimeMs: ceilMs(30 * (36 * 4 + 28), 5000),
    }
}
// docs/radio-protocols.md 2.10; restaurant = T7470 system id, station nibble 1, alert = AM mode byte
function lrs(restaurant, pager, alert) {
    const frame = [
        0xaa,
        0xaa,
        0xaa,
        0xfc,
        0x2d,
        restaurant,
        (1 << 4) | (pager >> 8),
        pager & 0xff,
        0,
        0,
        0,
        0,
        0,
        alert,
    ]
    frame.push(frame.reduce((a, b) => a + b, 0) % 255)
    const tail = Buffer.from(frame.slice(5)).toString('hex')
    return {
        code: [tail, tail, tail].join('aaaaaafc2d'),
        restaurant,
        system: 1,
        pager,
        alert,
        checksumOk: true,
        airtimeMs: ceilMs(3 * 15 * 16, 622),
    }
}
// docs/api.md 7.2
function capcode(ps, pn) {
    return ps <= 13
        ? 100000 * ps + 8 * pn + 700000
        : 100000 * Math.floor((ps - 14) / 9) + 10000 * ((ps - 14) % 9) + 8 * pn + 10000
}
// docs/radio-protocols.md 3.2: 576 preamble bits, batches of 17 codewords
const pocsagMs = (batches, rate) => ceilMs(576 + batches * 17 * 32, rate)
const page = (cap, fn, kind, message) => ({ capcode: cap, function: fn, kind, message })
const longText = n => Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((7 * i) % 95))).join('')
const F = 3 // every page mode sends POCSAG function 3 (LRS practice, docs/api.md 6.2)

const OOK = 433920000
const LRS_MHZ = 467750000

module.exports = { t112, t119, td157, td158, td161, lrs, capcode, pocsagMs, page, longText, rowHex, F, OOK, LRS_MHZ }
