'use strict'
// 5,000 fuzz datagrams (random bytes, random headers, valid requests and requests mutated at byte, option and
// JSON level) through the real UDP path; afterwards the base must not have restarted or panicked, must still
// answer GET /v1/settings, and its tables must agree (see test/fuzz/checks.js). FUZZ_SEED picks the seed.

const test = require('node:test')
const assert = require('node:assert')
const { fuzzOnce, summary } = require('../fuzz/run')

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : 20261128

test(
    '5,000 fuzz datagrams: no restart, no panic, consistent tables, valid requests still right',
    { timeout: 150000 },
    async t => {
        const { result, problems } = await fuzzOnce({ count: 5000, seed: SEED, maxSeconds: 100 })
        t.diagnostic(summary(result))
        assert.deepStrictEqual(problems, [], `seed ${SEED}: ${problems.join('\n')}`)
        assert.ok(result.sent >= 5000, `only ${result.sent} of 5000 datagrams sent within 100 s (seed ${SEED})`)
    }
)
