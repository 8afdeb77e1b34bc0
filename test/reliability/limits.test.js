'use strict'
// Limits. (1) Settings values: the largest value of every setting and the longest labels (36 sessions in a ring of
// 256, the default and the most sessionCapacity allows; each with 32 bytes of label that need
// JSON escaping or are 4-byte UTF-8, two of them in each settings key) must stay within
// the platform's settings limit (key + 1 + JSON <= 232 bytes; past it the next read aborts the VM): the base must
// boot again on that flash and read every value back. (2) Memory: with the ring full (the default capacity, 256,
// of active sessions with 32-byte labels, 128 of them in flash only: docs/storage.md "Labels in RAM"), the observer
// table full (4 observers on /v1/notify and /v1/sessions) and the largest allowed
// request (a 640-byte body, in one datagram and in Block1 blocks) and a full receive queue (16 peers at the same
// instant, src/net/receive-queue.ts), also with URIs of ~1.2 KB of bytes that are not UTF-8, the base keeps
// serving, with no OOM or PANIC.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase } = require('../e2e/harness')
const { openPeer, vmTrouble, OPT, uint, sleep } = require('./lib')

/** The documented limits (README "Requests" and "Observe"): bodies up to 640 bytes, a table of 4 observers. */
const BODY_MAX = 640
const OBSERVERS = 4
const LABELS = ['"'.repeat(32), '\\'.repeat(32), '🙂'.repeat(8), 'é'.repeat(16), 'x'.repeat(32)]
const LARGEST = {
    datetime: '2099-12-31T23:00:00',
    systemId: 200, // the largest system id of the protocol with the longest name below
    defaultTargetGoal: 86400,
    statisticsClearMark: 23,
    sessionCapacity: 256,
    notifyPingSeconds: 3600,
    radioProtocol: 'pocsag1200-numeric',
    radioRepeats: 10,
    radioCarrierHz: 930000000,
}

test('largest settings and 36 sessions with the longest labels survive a restart', { timeout: 240000 }, async () => {
    let base = await startBase()
    const flash = base.flash
    const made = []
    try {
        let peer = await openPeer(base.port)
        const set = await peer.request({ method: 'POST', path: '/v1/settings', body: LARGEST })
        assert.equal(set.code, '2.04', set.payload)
        assert.equal((await peer.request({ path: '/v1/settings' })).json.settings.sessionCapacity, 256)
        peer.close()
        await base.stop()
        // sessionCapacity takes effect at the next start.
        base = await startBase({ flash })
        peer = await openPeer(base.port)
        const settings = (await peer.request({ path: '/v1/settings' })).json.settings
        assert.equal(settings.sessionCapacity, 256)
        // Pocsag numeric pagers 0..1249 for systems 14-200 (README radio table); keep the biggest numbers.
        for (let i = 0; i < 36; i++) {
            const number = 1249 - i
            const label = LABELS[i % LABELS.length]
            const res = await peer.request({
                method: 'POST',
                path: '/v1/sessions',
                body: { number, label, partySize: 999, goal: 86400 },
            })
            assert.equal(res.code, '2.01', `session ${i}: ${res.payload}`)
            made.push({ number, label, id: res.json.sessions[0].id })
        }
        // Set every timestamp of a third of them, and finish another third (history records carry clearType).
        for (const [i, m] of made.entries()) {
            if (i % 3 === 2) continue
            // Paging 12 numeric POCSAG pages with 10 repeats fills the transmitter queue (20): wait when it is full.
            for (let tries = 0; tries < 120; tries++) {
                const paged = await peer.request({
                    method: 'PUT',
                    path: '/v1/sessions',
                    query: `number=${m.number}`,
                    body: { action: 'page', pageMode: 'VibeBeep3', message: '0123456789'.repeat(8) },
                })
                if (paged.code !== '5.03') {
                    assert.equal(paged.code, '2.04', paged.payload)
                    break
                }
                await sleep(500)
            }
            if (i % 3 === 1)
                assert.equal(
                    (
                        await peer.request({
                            method: 'PUT',
                            path: '/v1/sessions',
                            query: `number=${m.number}`,
                            body: { action: 'remove' },
                        })
                    ).code,
                    '2.04'
                )
        }
        peer.close()
        await base.kill()

        base = await startBase({ flash })
        peer = await openPeer(base.port)
        const back = (await peer.request({ path: '/v1/settings' })).json.settings
        for (const [k, v] of Object.entries(LARGEST)) if (k !== 'datetime') assert.equal(back[k], v, k)
        assert.ok(back.datetime >= LARGEST.datetime, back.datetime)
        const active = (await peer.request({ path: '/v1/sessions' })).json.sessions
        const history = (await peer.request({ path: '/v1/sessions/history' })).json.session_history
        const all = new Map([...active, ...history].map(s => [s.id, s]))
        for (const [i, m] of made.entries()) {
            const s = all.get(m.id)
            assert.ok(s, `session ${m.number} (id ${m.id}) missing after the restart`)
            assert.equal(s.label, m.label, `label of ${m.number}`)
            assert.equal(s.partySize, 999)
            assert.equal(s.goalInSeconds, 86400)
            assert.equal(s.state, i % 3 === 2 ? 'started' : i % 3 === 0 ? 'paged' : 'cleared', `state of ${m.number}`)
        }
        assert.deepEqual(vmTrouble(base.log()), [])
        assert.ok(!/Aborted\(/.test(base.log()), 'no native abort while reading the settings back')
        peer.close()
    } finally {
        await base.kill()
    }
})

test(
    'full ring, full observer table and the largest requests: still serving, no OOM or PANIC',
    { timeout: 180000 },
    async () => {
        const base = await startBase()
        const peers = []
        let step = 'start'
        try {
            const client = await openPeer(base.port)
            peers.push(client)
            const ring = (await client.request({ path: '/v1/settings' })).json.settings.sessionCapacity
            for (let n = 0; n < ring; n++) {
                const res = await client.request({
                    method: 'POST',
                    path: '/v1/sessions',
                    body: { number: 100 + n, label: LABELS[n % LABELS.length] },
                })
                assert.equal(res.code, '2.01', res.payload)
            }
            const full = await client.request({ method: 'POST', path: '/v1/sessions', body: { number: 100 + ring } })
            assert.equal(full.code, '5.03', 'an active session past the ring is refused (README)')

            step = 'observers'
            // A full table of observers, each its own client that acknowledges its notifications.
            let notifications = 0
            for (let i = 0; i < OBSERVERS; i++) {
                const p = await openPeer(base.port, { onNotification: () => notifications++ })
                peers.push(p)
                const onNotify = i % 2 === 0
                const res = await p.request({
                    path: onNotify ? '/v1/notify' : '/v1/sessions',
                    query: onNotify ? 'action=get_sessions' : undefined,
                    options: [[OPT.OBSERVE, 0]],
                    whole: false,
                })
                assert.equal(res.code, '2.05')
                assert.ok(res.option(OPT.OBSERVE) !== undefined, `observer ${i} registered`)
            }
            const extra = await openPeer(base.port)
            peers.push(extra)
            const past = await extra.request({ path: '/v1/notify', options: [[OPT.OBSERVE, 0]], whole: false })
            assert.equal(
                past.option(OPT.OBSERVE),
                undefined,
                'one registration past the table gets no Observe (README)'
            )
            const status = (await client.request({ path: '/v1/status' })).json.status
            assert.equal(status.coap.observers, OBSERVERS)

            step = 'single-datagram bodies of the largest size'
            // The largest allowed request: a body of BODY_MAX bytes (JSON padded with spaces), in one datagram ...
            const body = n => {
                const json = JSON.stringify({
                    number: 100 + (n % ring),
                    label: LABELS[n % LABELS.length],
                    partySize: 1 + n,
                })
                return json + ' '.repeat(BODY_MAX - Buffer.byteLength(json))
            }
            for (let n = 0; n < 30; n++) {
                const sender = await openPeer(base.port)
                const res = await sender.request({ method: 'POST', path: '/v1/sessions', body: body(n) })
                sender.close()
                assert.equal(res.code, '2.00', `update ${n} of 30: ${res.code} ${res.payload}`)
            }
            // ... and in 64-byte Block1 blocks (RFC 7959), one more byte is 4.13.
            step = 'Block1'
            const blocks = Buffer.from(body(3))
            let last
            for (let num = 0; num * 64 < blocks.length; num++) {
                const more = (num + 1) * 64 < blocks.length ? 8 : 0
                last = await client.request({
                    method: 'POST',
                    path: '/v1/sessions',
                    raw: blocks.subarray(num * 64, num * 64 + 64),
                    options: [[OPT.BLOCK1, uint((num << 4) | more | 2)]],
                    whole: false,
                })
                if (more) assert.equal(last.code, '2.31', `block ${num}: ${last.code}`)
            }
            assert.equal(last.code, '2.00', last.payload)
            const tooBig = await client.request({ method: 'POST', path: '/v1/sessions', body: body(4) + ' ' })
            assert.equal(tooBig.code, '4.13')

            // 16 host stands at the same instant: one handled, 15 waiting in the receive queue.
            step = 'a full receive queue'
            const burst = []
            for (let n = 0; n < 16; n++) burst.push(await openPeer(base.port))
            const answers = await Promise.all(
                burst.map((p, n) =>
                    p.request({ method: 'POST', path: '/v1/sessions', body: { number: 100 + n, partySize: 2 } })
                )
            )
            burst.forEach(p => p.close())
            assert.deepEqual(
                answers.map(a => a.code),
                Array(16).fill('2.00')
            )

            // 16 requests at the same instant whose URI is ~1.2 KB of bytes that are not UTF-8: decoded, each byte would
            // be a 3-byte U+FFFD, kilobytes per request (seed 20261128 at 100,000 datagrams: OutOfMemory, PANIC 60004).
            // A URI over 255 bytes is a bad option (README "Requests").
            step = 'long URIs of invalid UTF-8'
            const invalid = [
                [OPT.URI_PATH, 'v1'],
                ...Array(4).fill([OPT.URI_PATH, Buffer.alloc(255, 0xff)]),
                [OPT.URI_QUERY, Buffer.alloc(200, 0xfe)],
            ]
            const garbled = []
            for (let n = 0; n < 16; n++) garbled.push(await openPeer(base.port))
            const refusals = await Promise.all(garbled.map(p => p.request({ path: '', options: invalid })))
            garbled.forEach(p => p.close())
            assert.deepEqual(
                refusals.map(a => a.code),
                Array(16).fill('4.02')
            )
            // ... and 16 bodies of the largest size whose label is ~600 such bytes: 4.00, refused before decoding (README).
            step = 'bodies of invalid UTF-8'
            const label = Buffer.concat([
                Buffer.from('{"number":100,"label":"'),
                Buffer.alloc(BODY_MAX - 25, 0xff),
                Buffer.from('"}'),
            ])
            for (let n = 0; n < 16; n++) garbled[n] = await openPeer(base.port)
            const labelled = await Promise.all(
                garbled.map(p => p.request({ method: 'POST', path: '/v1/sessions', raw: label }))
            )
            garbled.forEach(p => p.close())
            assert.deepEqual(
                labelled.map(a => a.code),
                Array(16).fill('4.00')
            )

            step = 'after the load'
            await sleep(1500)
            assert.ok(notifications > 0, 'observers were notified')
            for (const path of ['/v1/sessions', '/v1/sessions/history', '/v1/status', '/.well-known/core']) {
                const res = await client.request({ path })
                assert.equal(res.code, '2.05', `${path} after the load`)
            }
            const after = (await client.request({ path: '/v1/status' })).json.status
            assert.equal(after.sessions.active, ring)
            assert.deepEqual(vmTrouble(base.log()), [])
        } catch (err) {
            let alive = 'no'
            try {
                const probe = await openPeer(base.port)
                const st = await probe.request({ path: '/v1/status', timeoutMs: 3000 })
                probe.close()
                alive = `${st.code} ${JSON.stringify(st.json && st.json.status)}`
            } catch {}
            err.message = `at ${step}: ${err.message}; GET /v1/status afterwards: ${alive}\nlog tail:\n${base.log().split('\n').slice(-12).join('\n')}`
            throw err
        } finally {
            for (const p of peers) p.close()
            await base.kill()
        }
    }
)
