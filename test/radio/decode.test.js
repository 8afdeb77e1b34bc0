'use strict'
// Encoders checked by decoders nobody here wrote: test/radio/emit.ts (run in the DeviceScript
// simulator) prints one virtual RF datagram per page list; rtl_433 and multimon-ng decode them.
// Every expected value below is computed here by hand from docs/radio-protocols.md and
// docs/api.md, never taken from the encoder. A missing decoder is a failure, not a skip.
//   node --test test/radio/decode.test.js

const test = require('node:test')
const assert = require('node:assert')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')
const { runEmit } = require('./emit-output')

const EMIT_TIMEOUT_MS = 300000

const {
    t112,
    t119,
    td157,
    td158,
    td161,
    lrs,
    capcode,
    pocsagMs,
    page,
    longText,
    F,
    OOK,
    LRS_MHZ,
} = require('./expectations')

const EXPECTED = {
    't112-ref': { rate: 9100, carrier: OOK, ...t112(200, 17), code: '130440' },
    't112-min': { rate: 9100, carrier: OOK, ...t112(0, 0) },
    't112-max': { rate: 9100, carrier: OOK, ...t112(8191, 1023) },
    't119-ref': { rate: 3690, carrier: OOK, ...t119(1234, 17), code: '4b24400' },
    't119-max': { rate: 3690, carrier: OOK, ...t119(8191, 1023) },
    'td157-ref': { rate: 4717, carrier: OOK, ...td157(100, 23), code: '1901720' },
    'td157-min': { rate: 4717, carrier: OOK, ...td157(0, 0) },
    'td157-max': { rate: 4717, carrier: OOK, ...td157(1023, 1023) },
    'td158-ref': { rate: 4673, carrier: OOK, ...td158(209, 10), code: '3440a20' },
    'td158-one': { rate: 4673, carrier: OOK, ...td158(1, 1) },
    'td158-max': { rate: 4673, carrier: OOK, ...td158(1023, 1023) },
    'td161-ref': { rate: 5000, carrier: OOK, ...td161(200, 30), code: '0c0000400' },
    'td161-min': { rate: 5000, carrier: OOK, ...td161(0, 0) },
    'td161-max': { rate: 5000, carrier: OOK, ...td161(999, 999) },
    'lrs-ref': { rate: 622, carrier: LRS_MHZ, ...lrs(0, 17, 0x01) },
    'lrs-min': { rate: 622, carrier: LRS_MHZ, ...lrs(0, 0, 0x0a) },
    'lrs-max': { rate: 622, carrier: LRS_MHZ, ...lrs(255, 4095, 0x07) },
    'pocsag1200-alpha': {
        rate: 1200,
        airtimeMs: pocsagMs(1, 1200),
        pages: [page(1000184, F, 'alpha', 'Table 12 ready')],
    },
    'pocsag512-alpha': { rate: 512, airtimeMs: pocsagMs(1, 512), pages: [page(1100840, F, 'alpha', 'Order 42')] },
    'pocsag2400-alpha': {
        rate: 2400,
        airtimeMs: pocsagMs(1, 2400),
        pages: [page(130120, F, 'alpha', 'Your table is ready')],
    },
    'pocsag1200-numeric': {
        rate: 1200,
        airtimeMs: pocsagMs(1, 1200),
        pages: [page(800080, F, 'numeric', '0123456789-[] U')],
    },
    'pocsag512-numeric': { rate: 512, airtimeMs: pocsagMs(1, 512), pages: [page(capcode(3, 23), F, 'numeric', '911')] },
    'pocsag2400-tone': { rate: 2400, airtimeMs: pocsagMs(1, 2400), pages: [page(capcode(0, 0), F, 'tone', '')] },
    'pocsag1200-first-system': {
        rate: 1200,
        airtimeMs: pocsagMs(1, 1200),
        pages: [page(capcode(0, 0), F, 'alpha', 's0')],
    },
    'pocsag1200-system13-max': { rate: 1200, airtimeMs: pocsagMs(1, 1200), pages: [page(2079992, F, 'alpha', 's13')] },
    'pocsag1200-system14': { rate: 1200, airtimeMs: pocsagMs(1, 1200), pages: [page(10000, F, 'alpha', 's14')] },
    // 200 chars = 1400 bits = 70 message codewords + address = 71 codewords = 5 batches
    'pocsag1200-longest': {
        rate: 1200,
        airtimeMs: pocsagMs(5, 1200),
        pages: [page(capcode(200, 1249), F, 'alpha', longText(200))],
    },
    // 20 tone pages, all in frame 0 (two address codewords per frame): 10 batches after one preamble
    'pocsag1200-full-queue': {
        rate: 1200,
        airtimeMs: pocsagMs(10, 1200),
        pages: Array.from({ length: 20 }, (_, i) => page(capcode(3, 20 + i), F, 'tone', '')),
    },
    // 71 codewords each from frame 0: batches 1-5 and 6-10
    'pocsag1200-two-longest': {
        rate: 1200,
        airtimeMs: pocsagMs(10, 1200),
        pages: [
            page(capcode(200, 1249), F, 'alpha', longText(200)),
            page(capcode(200, 1248), F, 'alpha', longText(200)),
        ],
    },
    // batch 1: tone, addr + 3; batch 2: addr + 14 (40 chars); batch 3: tone, addr + 2, idles
    'pocsag2400-several': {
        rate: 2400,
        airtimeMs: pocsagMs(3, 2400),
        pages: [
            page(capcode(3, 1), F, 'tone', ''),
            page(capcode(3, 2), F, 'alpha', 'Table 2'),
            page(capcode(3, 3), F, 'alpha', longText(40)),
            page(capcode(3, 4), F, 'tone', ''),
            page(capcode(3, 5), F, 'alpha', 'last'),
        ],
    },
    // frames 7 | 3 (+3) | 7 (+3 into batch 3) , 1, 6 (+3, fills batch 3) | idle batch
    'pocsag1200-frames': {
        rate: 1200,
        airtimeMs: pocsagMs(4, 1200),
        pages: [
            page(1234567, 0, 'tone', ''),
            page(3, 1, 'alpha', 'frame 3'),
            page(2097151, 2, 'alpha', 'frame 7'),
            page(9, 3, 'tone', ''),
            page(14, 0, 'alpha', 'frame 6'),
        ],
    },
    'pocsag512-numeric-frame5': {
        rate: 512,
        airtimeMs: pocsagMs(1, 512),
        pages: [page(1000189, 1, 'numeric', '12345 67890 -U-[]')],
    },
}

// ---- the run ----

let datagrams
test.before(
    async () => {
        datagrams = (await runEmit('test/radio/emit.ts', EMIT_TIMEOUT_MS)).datagrams
    },
    { timeout: EMIT_TIMEOUT_MS + 10000 }
)

test('emit.ts prints exactly the cases this test expects', () => {
    assert.deepStrictEqual([...datagrams.keys()].sort(), Object.keys(EXPECTED).sort())
})

for (const [label, want] of Object.entries(EXPECTED)) {
    test(`${label}: decoded by ${want.pages ? 'multimon-ng' : 'rtl_433'} as expected`, async () => {
        const got = await decodeVirtualRf(datagrams.get(label))
        const seen = JSON.stringify(got.decoded)
        assert.strictEqual(got.chipRateHz, want.rate, 'chip rate')
        assert.strictEqual(got.airtimeMs, want.airtimeMs, 'airtime')
        if (want.pages) {
            assert.strictEqual(got.carrierHz, LRS_MHZ)
            assert.deepStrictEqual(
                got.decoded.map(p => page(p.capcode, p.function, p.kind, p.message)),
                want.pages,
                seen
            )
            return
        }
        assert.strictEqual(got.carrierHz, want.carrier)
        assert.strictEqual(got.decoded.length, 1, seen)
        const d = got.decoded[0]
        assert.strictEqual(d.code, want.code, `code; decoded ${seen}`)
        if (label.startsWith('lrs')) {
            for (const k of ['restaurant', 'system', 'pager', 'alert', 'checksumOk'])
                assert.strictEqual(d[k], want[k], `${k}; decoded ${seen}`)
        } else {
            for (const k of ['system', 'pager', 'action', 'count'])
                assert.strictEqual(d[k], want[k], `${k}; decoded ${seen}`)
        }
    })
}
