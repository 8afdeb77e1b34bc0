'use strict'
// SNTP as the clock's source (README "Clock and SNTP"): the firmware in the simulator against a small SNTP
// responder written here from RFC 4330 §4-5, on loopback. The responder's clock starts at 2031-05-06T07:08:09Z
// (Date.UTC) and runs; the base must show it plus utcOffsetMinutes. Every wait is bounded.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, isoSeconds, statusWhen } = require('./harness')

const NTP_UNIX_OFFSET = 2208988800
const SERVER_START = Date.UTC(2031, 4, 6, 7, 8, 9) / 1000
const startedAt = Date.now()
const serverNow = () => SERVER_START + (Date.now() - startedAt) / 1000

/** The 8-byte NTP timestamp of a Unix time in seconds (seconds since 1900 mod 2^32, then the binary fraction). */
function ntpTimestamp(unixSeconds) {
    const b = Buffer.alloc(8)
    const whole = Math.floor(unixSeconds)
    b.writeUInt32BE((whole + NTP_UNIX_OFFSET) % 2 ** 32, 0)
    b.writeUInt32BE(Math.floor((unixSeconds - whole) * 2 ** 32), 4)
    return b
}

/** A server reply to `req`: LI 0, VN 4, mode 4, stratum 2, the request's transmit timestamp as originate. */
function serverReply(
    req,
    { first = 0x24, stratum = 2, refid = 'GPS', originate = req.subarray(40, 48), time = serverNow() } = {}
) {
    const r = Buffer.alloc(48)
    r[0] = first
    r[1] = stratum
    r[2] = 6 // poll
    r[3] = 0xec // precision -20
    Buffer.from(refid, 'latin1').copy(r, 12)
    ntpTimestamp(time).copy(r, 16) // reference
    originate.copy(r, 24)
    ntpTimestamp(time).copy(r, 32) // receive
    ntpTimestamp(time).copy(r, 40) // transmit
    return r
}

/** An SNTP responder on 127.0.0.1 answering each request with `answer(request, send)`'s Buffer (null: silence). */
async function startResponder(answer) {
    const socket = dgram.createSocket('udp4')
    const requests = []
    socket.on('message', (msg, rinfo) => {
        requests.push(msg)
        const reply = answer(msg, rinfo)
        if (reply) socket.send(reply, rinfo.port, rinfo.address)
    })
    await new Promise(resolve => socket.bind(0, '127.0.0.1', resolve))
    return { port: socket.address().port, requests, close: () => socket.close() }
}

async function postSettings(port, body) {
    return request(port, { method: 'POST', pathname: '/v1/settings', body })
}

function checkRequest(req) {
    assert.equal(req.length, 48)
    assert.equal(req[0], 0x23, 'LI 0, VN 4, mode 3')
    assert.ok(
        req.subarray(1, 40).every(b => b === 0),
        'nothing but the first byte and the transmit timestamp'
    )
    assert.ok(
        req.subarray(40, 48).some(b => b !== 0),
        'a transmit timestamp the reply can echo'
    )
}

test(
    'SNTP sets the clock to the server time plus utcOffsetMinutes, and again after a restart',
    { timeout: 120000 },
    async () => {
        const responder = await startResponder(req => serverReply(req))
        let base = await startBase()
        const flash = base.flash
        const server = `127.0.0.1:${responder.port}`
        try {
            assert.equal((await postSettings(base.port, { datetime: '2019-06-01T18:00:00' })).code, '2.04')
            const set = await postSettings(base.port, { sntpServer: server, utcOffsetMinutes: 120 })
            assert.equal(set.code, '2.04', set.payload.toString())
            assert.equal(set.json.settings.sntpServer, server)
            assert.equal(set.json.settings.utcOffsetMinutes, 120)
            const synced = await statusWhen(base.port, s => s.status.clock.source === 'sntp')
            const expected = serverNow() + 120 * 60
            assert.ok(
                Math.abs(isoSeconds(synced.timestamp) - expected) <= 2,
                `${synced.timestamp} is not about ${new Date(expected * 1000).toISOString()}`
            )
            assert.ok(Math.abs(isoSeconds(synced.status.clock.lastSync) - expected) <= 2, synced.status.clock.lastSync)
            assert.equal(synced.status.clock.sntpServer, server)
            assert.equal(synced.status.clock.lastError, null)
            assert.equal(synced.status.clockSet, true)
            assert.equal(responder.requests.length, 1)
            checkRequest(responder.requests[0])
            assert.match(base.log(), new RegExp(`sntp: ${server}: clock set to 2031-05-06T09:08:`))
            // One more exchange before the stop: the settings write must be done.
            await request(base.port, { pathname: '/v1/settings' })
        } finally {
            await base.stop()
        }
        base = await startBase({ flash })
        try {
            const settings = (await request(base.port, { pathname: '/v1/settings' })).json.settings
            assert.equal(settings.sntpServer, server)
            assert.equal(settings.utcOffsetMinutes, 120)
            // The boot sync, with a fresh nonce.
            const synced = await statusWhen(base.port, s => s.status.clock.source === 'sntp')
            assert.ok(Math.abs(isoSeconds(synced.timestamp) - (serverNow() + 7200)) <= 2, synced.timestamp)
            assert.equal(responder.requests.length, 2)
            checkRequest(responder.requests[1])
            assert.notDeepEqual(responder.requests[1].subarray(40), responder.requests[0].subarray(40))
        } finally {
            await base.stop()
            responder.close()
        }
    }
)

test('replies that fail the checks do not set the clock', { timeout: 180000 }, async () => {
    const base = await startBase()
    const other = dgram.createSocket('udp4')
    await new Promise(resolve => other.bind(0, '127.0.0.1', resolve))
    const MANUAL = '2019-06-01T18:00:00'
    const cases = [
        {
            why: 'garbage',
            answer: () => Buffer.from('not an ntp reply....'),
            error: /^bad reply: short reply: 20 bytes$/,
        },
        { why: 'the request reflected (mode 3)', answer: req => req, error: /^bad reply: mode 3, not 4/ },
        {
            why: 'wrong originate',
            answer: req => serverReply(req, { originate: Buffer.from('0123456789abcdef', 'hex') }),
            error: /^bad reply: originate/,
        },
        { why: 'stratum 16', answer: req => serverReply(req, { stratum: 16 }), error: /^bad reply: stratum 16$/ },
        {
            why: 'a time before 2000',
            answer: req => serverReply(req, { time: Date.UTC(1990, 0, 1) / 1000 }),
            error: /^bad reply: time outside/,
        },
        {
            why: 'a good reply from another port',
            answer: (req, rinfo) => {
                other.send(serverReply(req), rinfo.port, rinfo.address)
                return null
            },
            error: /^no answer$/,
        },
        // Last: after a kiss-of-death the base waits 15 minutes (until the next settings change).
        {
            why: 'kiss-of-death RATE',
            answer: req => serverReply(req, { stratum: 0, refid: 'RATE' }),
            error: /^kiss-of-death RATE$/,
        },
    ]
    try {
        assert.equal((await postSettings(base.port, { datetime: MANUAL, utcOffsetMinutes: 60 })).code, '2.04')
        for (const c of cases) {
            const responder = await startResponder(c.answer)
            try {
                const set = await postSettings(base.port, { sntpServer: `127.0.0.1:${responder.port}` })
                assert.equal(set.code, '2.04', set.payload.toString())
                const status = await statusWhen(base.port, s => c.error.test(s.status.clock.lastError || ''), 10000)
                assert.equal(responder.requests.length, 1, c.why)
                checkRequest(responder.requests[0])
                assert.equal(status.status.clock.source, 'manual', c.why)
                assert.equal(status.status.clock.lastSync, null, c.why)
                const drift = isoSeconds(status.timestamp) - isoSeconds(MANUAL)
                assert.ok(drift >= 0 && drift < 120, `${c.why}: ${status.timestamp}`)
            } finally {
                responder.close()
            }
        }
        assert.match(base.log(), /sntp: 127\.0\.0\.1:\d+: kiss-of-death RATE; next try in 900 s/)
        assert.match(base.log(), /sntp: 127\.0\.0\.1:\d+: bad reply: originate timestamp is not our request's/)
        // Off again.
        const off = await postSettings(base.port, { sntpServer: '' })
        assert.equal(off.json.settings.sntpServer, '')
        const status = (await request(base.port, { pathname: '/v1/status' })).json
        assert.equal(status.status.clock.sntpServer, '')
        assert.ok(!/PANIC|Unhandled exception/.test(base.log()), base.log())
    } finally {
        other.close()
        await base.stop()
    }
})

test(
    'bad sntpServer and utcOffsetMinutes values are 4.00 naming the field and change nothing',
    { timeout: 60000 },
    async () => {
        const base = await startBase()
        try {
            assert.equal(
                (await postSettings(base.port, { sntpServer: '127.0.0.1:9', utcOffsetMinutes: -300 })).code,
                '2.04'
            )
            const settingsNow = async () => {
                const { datetime, ...rest } = (await request(base.port, { pathname: '/v1/settings' })).json.settings
                return rest
            }
            const before = await settingsNow()
            assert.equal(before.sntpServer, '127.0.0.1:9')
            const bad = [
                [{ sntpServer: 'pool.ntp.org' }, 'sntpServer', /DNS/],
                [{ sntpServer: '1.2.3.4:99999' }, 'sntpServer', /IPv4/],
                [{ sntpServer: '1.2.3.4:0' }, 'sntpServer', /IPv4/],
                [{ sntpServer: '1.2.3' }, 'sntpServer', /IPv4/],
                [{ sntpServer: 42 }, 'sntpServer', /string/],
                [{ sntpServer: null }, 'sntpServer', /string/],
                [{ utcOffsetMinutes: 5000 }, 'utcOffsetMinutes', /-720 to 840/],
                [{ utcOffsetMinutes: -721 }, 'utcOffsetMinutes', /-720 to 840/],
                [{ utcOffsetMinutes: 1.5 }, 'utcOffsetMinutes', /integer/],
                [{ utcOffsetMinutes: '60' }, 'utcOffsetMinutes', /integer/],
                // Every field is checked before any is applied.
                [{ sntpServer: '127.0.0.1:123', utcOffsetMinutes: 5000 }, 'utcOffsetMinutes', /-720 to 840/],
                [{ utcOffsetMinutes: 60, sntpServer: 'time.example' }, 'sntpServer', /DNS/],
            ]
            for (const [body, field, error] of bad) {
                const res = await postSettings(base.port, body)
                assert.equal(res.code, '4.00', JSON.stringify(body))
                assert.equal(res.json.field, field, JSON.stringify(body))
                assert.match(res.json.error, error, JSON.stringify(body))
                assert.deepEqual(await settingsNow(), before, JSON.stringify(body))
            }
        } finally {
            await base.stop()
        }
    }
)
