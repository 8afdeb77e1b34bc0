'use strict'
// The radio on both ESP32 targets: the VM encodes the transmissions (test/radio/emit-targets.ts), and the ESP32
// extension's radio output (boards/esp32/udp/rf_output.c, built for Linux: test/host/rf-cli.js) puts each on a
// recording wire at the classic ESP32's slowest SPI clock (160 Hz: direct mode, one chip per SPI bit) and at the
// ESP32-C3's (78.125 kHz: OOK as several transfers split in silence; 2-FSK from the transceiver's TX FIFO). The
// chips the radio would send are rebuilt from each wire alone; rtl_433 and multimon-ng must decode them as
// specified (expectations.js: values worked out from the protocol documents, not from the encoders).
//   node --test test/radio/targets.test.js

const test = require('node:test')
const assert = require('node:assert')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')
const { runEmit } = require('./emit-output')
const { startRfCli } = require('../host/rf-cli')
const { t112, td157, lrs, capcode, pocsagMs, page, F, OOK, LRS_MHZ } = require('./expectations')

const EMIT_TIMEOUT_MS = 300000
const TARGETS = ['esp32', 'esp32c3']
const MIN_SPI_HZ = { esp32: 160, esp32c3: 78125 } // RF_ESP32_MIN_SPI_HZ, RF_ESP32C3_MIN_SPI_HZ (rf_output.h)

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

// run.stdout: the wire lines, "PBWIRE <label>@<target> ..."; run.datagrams: label@target -> the rebuilt chips
let run
test.before(
    async () => {
        const emitted = await runEmit('test/radio/emit-targets.ts', EMIT_TIMEOUT_MS)
        const cli = startRfCli()
        run = { stdout: '', datagrams: new Map() }
        try {
            for (const [label, datagram] of emitted.datagrams)
                for (const target of TARGETS) {
                    const lines = await cli.cmd(`wire ${MIN_SPI_HZ[target]} ${datagram.toString('hex')}`)
                    assert.ok(lines[0].startsWith('PBWIRE '), `${label}@${target}: ${lines[0]}`)
                    run.stdout += lines[0].replace('PBWIRE ', `PBWIRE ${label}@${target} `) + '\n'
                    run.datagrams.set(`${label}@${target}`, Buffer.from(lines[1].slice('PBRF '.length), 'hex'))
                }
        } finally {
            cli.stop()
        }
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

test('each case goes over the wire of both targets', () => {
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
            // Never more than the 64-byte TX FIFO of both chips (a refill is never early), and never empty before
            // the end, which the chips take as the transmission's end (TX underflow). The wire's time passes only in
            // the output's own sleeps: a refill the ESP32's scheduler delays is not modelled (44 bytes of slack,
            // 147 ms at 2400 bit/s, against its 10 ms tick).
            assert.ok(c3.fifoMax <= 64, `${label}@esp32c3: ${c3.fifoMax} bytes in the FIFO`)
            assert.ok(c3.fifoMin > 0, `${label}@esp32c3: the FIFO ran dry`)
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
