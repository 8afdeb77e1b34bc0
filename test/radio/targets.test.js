'use strict'
// The radio on both ESP32 targets: test/radio/emit-targets.ts renders the same transmissions through the SPI
// output at the classic ESP32's slowest SPI clock (160 Hz: direct mode, one chip per SPI bit) and at the
// ESP32-C3's (78.125 kHz: OOK as several transfers split in silence; 2-FSK from the transceiver's TX FIFO), and
// rebuilds from each wire the chips the radio would send. rtl_433 and multimon-ng must decode them as specified
// (expectations.js: values worked out from the protocol documents, not from the encoders).
//   node --test test/radio/targets.test.js

const test = require('node:test')
const assert = require('node:assert')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')
const { runEmit } = require('./emit-output')
const { t112, td157, lrs, capcode, pocsagMs, page, F, OOK, LRS_MHZ } = require('./expectations')

const EMIT_TIMEOUT_MS = 300000
const TARGETS = ['esp32', 'esp32c3']

// chips: the transmission's length from the protocols' frame layouts (as in expectations.js): T112 12 frames of
// 2 + 59 + 24 * 12, TD157 10 of 24 * 4 + 1 + 30, LRS 3 frames of 15 bytes Manchester-coded, POCSAG 576 preamble bits
// + one batch of 17 codewords. The POCSAG pages on a CC1101 use 433.92 MHz (it cannot reach 467.75 MHz).
const POCSAG_ONE_BATCH = 576 + 17 * 32
const EXPECTED = {
    't112-max': { rate: 9100, carrier: OOK, chips: 12 * 349, ...t112(8191, 1023) },
    'td157-ref': { rate: 4717, carrier: OOK, chips: 10 * 127, ...td157(100, 23), code: '1901720' },
    'lrs-ref': { rate: 622, carrier: LRS_MHZ, chips: 3 * 15 * 16, ...lrs(0, 17, 0x01) },
    'pocsag1200-alpha': {
        rate: 1200,
        carrier: LRS_MHZ,
        chips: POCSAG_ONE_BATCH,
        airtimeMs: pocsagMs(1, 1200),
        pages: [page(1000184, F, 'alpha', 'Table 12 ready')],
    },
    'pocsag512-numeric': {
        rate: 512,
        carrier: OOK,
        chips: POCSAG_ONE_BATCH,
        airtimeMs: pocsagMs(1, 512),
        pages: [page(capcode(3, 23), F, 'numeric', '911')],
    },
    'pocsag2400-alpha': {
        rate: 2400,
        carrier: OOK,
        chips: POCSAG_ONE_BATCH,
        airtimeMs: pocsagMs(1, 2400),
        pages: [page(130120, F, 'alpha', 'Your table is ready')],
    },
}

let run
test.before(
    async () => {
        run = await runEmit('test/radio/emit-targets.ts', EMIT_TIMEOUT_MS)
    },
    { timeout: EMIT_TIMEOUT_MS + 10000 }
)

/** "PBWIRE <label>@<target> mosiBits=.. fifoBytes=.. fifoMax=.. fifoMin=.." lines: how the chips went over SPI. */
function wire(label) {
    const m = new RegExp(`PBWIRE ${label} mosiBits=(\\d+) fifoBytes=(\\d+) fifoMax=(\\d+) fifoMin=(-?\\d+)`).exec(
        run.stdout
    )
    assert.ok(m, `no wire line for ${label}`)
    return { mosiBits: Number(m[1]), fifoBytes: Number(m[2]), fifoMax: Number(m[3]), fifoMin: Number(m[4]) }
}

test('emit-targets.ts prints each case for both targets', () => {
    const want = Object.keys(EXPECTED)
        .flatMap(l => TARGETS.map(t => `${l}@${t}`))
        .sort()
    assert.deepStrictEqual([...run.datagrams.keys()].sort(), want)
})

test('how the chips travel: one SPI bit per chip on the ESP32; on the ESP32-C3, 2-FSK goes through the FIFO', t => {
    for (const [label, want] of Object.entries(EXPECTED)) {
        const chips = want.chips
        const esp32 = wire(`${label}@esp32`)
        assert.strictEqual(esp32.fifoBytes, 0, label)
        // every chip once, then the padding that leaves the line low (1 to 8 bits)
        assert.ok(esp32.mosiBits > chips && esp32.mosiBits <= chips + 8, `${label}@esp32: ${esp32.mosiBits} bits`)
        const c3 = wire(`${label}@esp32c3`)
        const factor = Math.ceil(78125 / want.rate)
        if (want.carrier === OOK && !want.pages) {
            assert.strictEqual(c3.fifoBytes, 0, label)
            assert.ok(
                c3.mosiBits > chips * factor && c3.mosiBits <= chips * factor + 8 * factor + 8,
                `${label}@esp32c3: ${c3.mosiBits} bits for factor ${factor}`
            )
        } else {
            // 2-FSK at the C3's clock needs more than one 4096-byte transfer: the FIFO takes it
            assert.ok((chips * factor) / 8 > 4096, label)
            assert.strictEqual(c3.mosiBits, 0, label)
            assert.strictEqual(c3.fifoBytes, Math.ceil(chips / 8), label)
            // never more than the 64-byte TX FIFO of both chips: a refill is never early. (Late is a matter of
            // the VM's timing under load, reported only: FIFO_LOW = 44 bytes of slack.)
            assert.ok(c3.fifoMax <= 64, `${label}@esp32c3: ${c3.fifoMax} bytes in the FIFO`)
            t.diagnostic(`${label}@esp32c3: FIFO between ${c3.fifoMin} and ${c3.fifoMax} bytes at the refills`)
        }
    }
})

for (const [label, want] of Object.entries(EXPECTED)) {
    for (const target of TARGETS) {
        test(`${label}@${target}: decoded by ${want.pages ? 'multimon-ng' : 'rtl_433'} from the wire's chips`, async () => {
            const got = await decodeVirtualRf(run.datagrams.get(`${label}@${target}`))
            const seen = JSON.stringify(got.decoded)
            assert.strictEqual(got.chipRateHz, want.rate, 'chip rate')
            assert.strictEqual(got.carrierHz, want.carrier)
            // the whole transmission and at most a few padding chips more
            assert.ok(
                got.airtimeMs >= want.airtimeMs && got.airtimeMs <= want.airtimeMs + Math.ceil(16000 / want.rate),
                `airtime ${got.airtimeMs} ms, spec ${want.airtimeMs} ms`
            )
            if (want.pages) {
                assert.deepStrictEqual(
                    got.decoded.map(p => page(p.capcode, p.function, p.kind, p.message)),
                    want.pages,
                    seen
                )
                return
            }
            assert.strictEqual(got.decoded.length, 1, seen)
            const d = got.decoded[0]
            assert.strictEqual(d.code, want.code, `code; decoded ${seen}`)
            const keys = label.startsWith('lrs')
                ? ['restaurant', 'system', 'pager', 'alert', 'checksumOk']
                : ['system', 'pager', 'action', 'count']
            for (const k of keys) assert.strictEqual(d[k], want[k], `${k}; decoded ${seen}`)
        })
    }
}
