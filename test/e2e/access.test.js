'use strict'
// Access control (README "Security", docs/api.md "Access control"), driven by node-coap and libcoap's
// coap-client-notls from distinct loopback sources: 127.0.0.2 is listed in trustedClients, 127.0.0.3 and 127.0.0.4
// are not. Every changing request from a refused address is 4.01 with a JSON error and changes nothing; reads
// follow readAccess; the claim, login, its throttle (Max-Age, RFC 7252 §5.10.5, on 4.29 of RFC 8516), token
// revocation, and the lock surviving a restart.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const coap = require('coap')
const { startBase, coapClient } = require('./harness')

const TRUSTED = '127.0.0.2'
const STRANGER = '127.0.0.3'
const GUESSER = '127.0.0.4'
/** The token option: experimental range, critical and unsafe (RFC 7252 §5.4.6, §12.2). */
const TOKEN_OPTION = 65003

/** One node-coap request from `source`. Resolves with {code, json, payload, options}. */
function from(source, port, { method = 'GET', pathname, query = '', body, token }) {
    return new Promise((resolve, reject) => {
        const socket = dgram.createSocket('udp4')
        socket.bind(0, source, () => {
            const agent = new coap.Agent({ socket })
            const done = () => {
                agent.close()
                try {
                    socket.close()
                } catch {}
            }
            const r = coap.request({ host: '127.0.0.1', port, method, pathname, query, agent })
            if (token) r.setOption(String(TOKEN_OPTION), Buffer.from(token, 'hex'))
            const timer = setTimeout(() => {
                done()
                reject(new Error(`no answer to ${method} ${pathname} from ${source}`))
            }, 10000)
            r.on('response', res => {
                clearTimeout(timer)
                let json
                try {
                    json = res.payload.length ? JSON.parse(res.payload.toString('utf-8')) : undefined
                } catch {}
                resolve({ code: res.code, json, payload: res.payload.toString('utf-8'), options: res.options })
                setImmediate(done)
            })
            r.on('error', err => {
                clearTimeout(timer)
                done()
                reject(err)
            })
            if (body !== undefined) r.write(JSON.stringify(body))
            r.end()
        })
    })
}

/** Everything a change could touch, as read by the trusted address. */
async function state(port) {
    const parts = []
    for (const pathname of ['/v1/sessions', '/v1/sessions/history', '/v1/sessions/statistics', '/v1/settings']) {
        const res = await from(TRUSTED, port, { pathname })
        assert.equal(res.code, '2.05', `${pathname}: ${res.payload}`)
        const json = res.json
        delete json.timestamp
        if (json.settings) delete json.settings.datetime
        parts.push(json)
    }
    return JSON.stringify(parts)
}

const CHANGES = [
    { method: 'POST', pathname: '/v1/sessions', body: { number: 9, label: 'Intruder' } },
    { method: 'PUT', pathname: '/v1/sessions', query: 'number=5', body: { action: 'page' } },
    { method: 'PUT', pathname: '/v1/sessions', query: 'number=5', body: { label: 'Renamed' } },
    { method: 'DELETE', pathname: '/v1/sessions', query: 'number=5' },
    { method: 'DELETE', pathname: '/v1/sessions' },
    { method: 'DELETE', pathname: '/v1/sessions/history' },
    { method: 'DELETE', pathname: '/v1/sessions/statistics' },
    { method: 'POST', pathname: '/v1/page', body: { number: 5 } },
    { method: 'POST', pathname: '/v1/settings', body: { systemId: 7 } },
    { method: 'POST', pathname: '/v1/settings', body: { accessSecret: 'mine-now' } },
    { method: 'POST', pathname: '/v1/settings', body: { trustedClients: ['0.0.0.0/0'] } },
]

test('claim, trusted and refused addresses, login, throttle, revocation, restart', { timeout: 180000 }, async () => {
    let base = await startBase()
    const flash = base.flash
    try {
        let port = base.port
        // An open base: anyone changes anything, as today.
        assert.equal((await from(STRANGER, port, { pathname: '/v1/status' })).json.status.locked, false)
        assert.equal(
            (
                await from(STRANGER, port, {
                    method: 'POST',
                    pathname: '/v1/sessions',
                    body: { number: 5, label: 'Ann' },
                })
            ).code,
            '2.01'
        )

        // Bad values are 4.00 with the field, and change nothing.
        for (const trustedClients of [
            ['192.168.1.300/32'],
            ['10.0.0.1/33'],
            ['10.0.0.1'],
            'x',
            new Array(9).fill('10.0.0.1/32'),
        ]) {
            const res = await from(STRANGER, port, {
                method: 'POST',
                pathname: '/v1/settings',
                body: { trustedClients },
            })
            assert.equal(res.code, '4.00', JSON.stringify(trustedClients))
            assert.equal(res.json.field, 'trustedClients')
        }
        assert.equal(
            (await from(STRANGER, port, { method: 'POST', pathname: '/v1/settings', body: { readAccess: 'some' } }))
                .json.field,
            'readAccess'
        )

        // The claim: the secret is set from any address on an open base; then the base is locked.
        const claim = await from(STRANGER, port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { accessSecret: 'pin-4711', trustedClients: [`${TRUSTED}/32`, '10.1.0.0/16'] },
        })
        assert.equal(claim.code, '2.04', claim.payload)
        assert.ok(!claim.payload.includes('pin-4711'))
        const status = await from(STRANGER, port, { pathname: '/v1/status' })
        assert.equal(status.json.status.locked, true)
        assert.ok(!status.payload.includes('pin-4711'))

        // A refused address: every change is 4.01 with a JSON error, and nothing changes.
        const before = await state(port)
        for (const change of CHANGES) {
            const res = await from(STRANGER, port, change)
            assert.equal(res.code, '4.01', `${change.method} ${change.pathname} ${change.query || ''}: ${res.payload}`)
            assert.equal(typeof res.json.error, 'string')
        }
        assert.equal(await state(port), before)
        // libcoap too.
        const lib = await coapClient(['-a', STRANGER, '-m', 'delete', `coap://127.0.0.1:${port}/v1/sessions`])
        assert.match(lib.stderr, /4\.01/)
        assert.equal(await state(port), before)
        // Reads are open by default (a dining-room display).
        assert.equal((await from(STRANGER, port, { pathname: '/v1/sessions' })).code, '2.05')

        // The trusted address uses the T7470 API unchanged, but cannot change the access settings.
        assert.equal(
            (await from(TRUSTED, port, { method: 'POST', pathname: '/v1/sessions', body: { number: 6 } })).code,
            '2.01'
        )
        assert.equal(
            (
                await from(TRUSTED, port, {
                    method: 'PUT',
                    pathname: '/v1/sessions',
                    query: 'number=6',
                    body: { action: 'page' },
                })
            ).code,
            '2.04'
        )
        assert.equal(
            (await from(TRUSTED, port, { method: 'POST', pathname: '/v1/settings', body: { defaultTargetGoal: 600 } }))
                .code,
            '2.04'
        )
        for (const body of [{ readAccess: 'trusted' }, { accessSecret: 'other' }, { trustedClients: [] }])
            assert.equal(
                (await from(TRUSTED, port, { method: 'POST', pathname: '/v1/settings', body })).code,
                '4.01',
                JSON.stringify(body)
            )

        // Login: a wrong secret is 4.01; the right one gives a token.
        const wrong = await from(STRANGER, port, {
            method: 'POST',
            pathname: '/v1/login',
            body: { secret: 'pin-0000' },
        })
        assert.equal(wrong.code, '4.01')
        assert.equal(wrong.json.field, 'secret')
        const login = await from(STRANGER, port, {
            method: 'POST',
            pathname: '/v1/login',
            body: { secret: 'pin-4711' },
        })
        assert.equal(login.code, '2.01', login.payload)
        const token = login.json.token
        assert.match(token, /^[0-9a-f]{32}$/)
        assert.ok(login.json.expiresInSeconds > 0)

        // With the token the refused address changes things and the access settings: reads now need trust.
        assert.equal(
            (await from(STRANGER, port, { method: 'POST', pathname: '/v1/sessions', body: { number: 7 }, token })).code,
            '2.01'
        )
        assert.equal(
            (
                await from(STRANGER, port, {
                    method: 'POST',
                    pathname: '/v1/settings',
                    body: { readAccess: 'trusted' },
                    token,
                })
            ).code,
            '2.04'
        )
        assert.equal((await from(STRANGER, port, { pathname: '/v1/sessions' })).code, '4.01')
        assert.equal((await from(STRANGER, port, { pathname: '/v1/sessions', token })).code, '2.05')
        assert.equal((await from(TRUSTED, port, { pathname: '/v1/sessions' })).code, '2.05')
        // coap-client-notls carries the token as option 65003 in hex.
        const withToken = await coapClient([
            '-a',
            STRANGER,
            '-O',
            `${TOKEN_OPTION},0x${token}`,
            `coap://127.0.0.1:${port}/v1/sessions`,
        ])
        assert.match(withToken.stdout, /"number":7/)
        const without = await coapClient(['-a', STRANGER, `coap://127.0.0.1:${port}/v1/sessions`])
        assert.match(without.stderr, /4\.01/)

        // Throttle: three wrong secrets from one address, then it waits (4.29 with Max-Age), growing.
        for (let i = 0; i < 4; i++)
            assert.equal(
                (await from(GUESSER, port, { method: 'POST', pathname: '/v1/login', body: { secret: `guess-${i}` } }))
                    .code,
                '4.01'
            )
        const throttled = await from(GUESSER, port, {
            method: 'POST',
            pathname: '/v1/login',
            body: { secret: 'pin-4711' },
        })
        assert.equal(throttled.code, '4.29', throttled.payload)
        const maxAge = throttled.options.find(o => o.name === 'Max-Age')
        assert.ok(maxAge, 'Max-Age on 4.29')
        const seconds = Buffer.isBuffer(maxAge.value) ? maxAge.value.readUIntBE(0, maxAge.value.length) : maxAge.value
        assert.ok(seconds >= 1 && seconds <= 64, `Max-Age ${seconds}`)
        assert.equal(typeof throttled.json.error, 'string')
        // Another address is not held up by this one.
        assert.equal(
            (await from(TRUSTED, port, { method: 'POST', pathname: '/v1/login', body: { secret: 'pin-4711' } })).code,
            '2.01'
        )

        // A new secret revokes every token.
        assert.equal(
            (
                await from(STRANGER, port, {
                    method: 'POST',
                    pathname: '/v1/settings',
                    body: { accessSecret: 'new-secret' },
                    token,
                })
            ).code,
            '2.04'
        )
        assert.equal(
            (await from(STRANGER, port, { method: 'POST', pathname: '/v1/sessions', body: { number: 8 }, token })).code,
            '4.01'
        )
        const second = (
            await from(STRANGER, port, { method: 'POST', pathname: '/v1/login', body: { secret: 'new-secret' } })
        ).json.token

        // The lock (secret, trusted clients, read access) survives a restart; tokens do not.
        await base.stop()
        base = await startBase({ flash })
        port = base.port
        assert.equal((await from(TRUSTED, port, { pathname: '/v1/status' })).json.status.locked, true)
        assert.equal((await from(STRANGER, port, { pathname: '/v1/sessions' })).code, '4.01')
        assert.equal(
            (
                await from(STRANGER, port, {
                    method: 'POST',
                    pathname: '/v1/sessions',
                    body: { number: 8 },
                    token: second,
                })
            ).code,
            '4.01'
        )
        assert.equal(
            (await from(TRUSTED, port, { method: 'POST', pathname: '/v1/sessions', body: { number: 8 } })).code,
            '2.01'
        )
        const third = (
            await from(STRANGER, port, { method: 'POST', pathname: '/v1/login', body: { secret: 'new-secret' } })
        ).json.token
        // Unlocking ("") opens the base again.
        assert.equal(
            (
                await from(STRANGER, port, {
                    method: 'POST',
                    pathname: '/v1/settings',
                    body: { accessSecret: '' },
                    token: third,
                })
            ).code,
            '2.04'
        )
        assert.equal((await from(STRANGER, port, { pathname: '/v1/status' })).json.status.locked, false)
        assert.equal(
            (await from(STRANGER, port, { method: 'DELETE', pathname: '/v1/sessions', query: 'number=8' })).code,
            '2.02'
        )
    } finally {
        await base.stop()
    }
})
