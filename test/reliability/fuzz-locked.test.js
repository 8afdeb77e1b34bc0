'use strict'
// The fuzz run on a locked base (README "Security"): 2,000 fuzz datagrams from 127.0.0.1, which is never a trusted
// client; afterwards the base must still be locked and must not have restarted or panicked. It is then unlocked
// with a login's token and must pass the same checks as after the open fuzz run (test/fuzz/checks.js).

const test = require('node:test')
const assert = require('node:assert')
const { fuzzOnce, summary } = require('../fuzz/run')
const { startBase, request } = require('../e2e/harness')

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : 20261205
const TOKEN_OPTION = '65003'

test(
    '2,000 fuzz datagrams on a locked base: still locked, no restart, consistent once unlocked',
    { timeout: 150000 },
    async t => {
        const claimed = await startBase()
        const flash = claimed.flash
        try {
            const claim = await request(claimed.port, {
                method: 'POST',
                pathname: '/v1/settings',
                body: { accessSecret: 'fuzz-proof', trustedClients: ['10.9.8.7/32'] },
            })
            assert.equal(claim.code, '2.04', String(claim.payload))
        } finally {
            await claimed.stop()
        }
        let locked = null
        const { result, problems } = await fuzzOnce({
            count: 2000,
            seed: SEED,
            flash,
            maxSeconds: 60,
            beforeChecks: async base => {
                locked = (await request(base.port, { pathname: '/v1/status' })).json.status.locked
                const login = await request(base.port, {
                    method: 'POST',
                    pathname: '/v1/login',
                    body: { secret: 'fuzz-proof' },
                })
                assert.equal(login.code, '2.01', String(login.payload))
                const unlock = await request(base.port, {
                    method: 'POST',
                    pathname: '/v1/settings',
                    body: { accessSecret: '' },
                    options: { [TOKEN_OPTION]: Buffer.from(login.json.token, 'hex') },
                })
                assert.equal(unlock.code, '2.04', String(unlock.payload))
            },
        })
        t.diagnostic(summary(result))
        assert.deepStrictEqual(problems, [], `seed ${SEED}: ${problems.join('\n')}`)
        assert.equal(locked, true, 'the fuzz left the base locked')
        assert.ok(result.codes['4.01'] > 0, `refusals among the replies: ${JSON.stringify(result.codes)}`)
        assert.ok(result.sent >= 2000, `only ${result.sent} of 2000 datagrams sent within 60 s (seed ${SEED})`)
    }
)
