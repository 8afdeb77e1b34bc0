'use strict'
// A representation fetched in Block2 blocks must not mix moments (RFC 7959 §2.4: the blocks of one transfer are one
// representation). /v1/status changes with every session created; a client taking its blocks one by one while
// sessions are created must still assemble the JSON of one moment. A list keeps its ETag while the clock ticks, but
// its envelope carries a timestamp: every block of one transfer must say the time of the first.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, isoSeconds, sleep } = require('./harness')
const { message, header, payloadOf, optionValue } = require('./raw-coap')

const OPT_URI_PATH = 11
const OPT_BLOCK2 = 23
const SZX_16 = 0
const SZX_32 = 1
const BLOCK_16 = 16

function blockOption(num, szx) {
    const v = (num << 4) | szx // M = 0 in a request (RFC 7959 §2.2)
    return v < 256 ? Buffer.from([v]) : Buffer.from([v >> 8, v & 0xff])
}

function exchange(socket, port, datagram, mid) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            socket.off('message', onMessage)
            reject(new Error(`no answer to MID ${mid}`))
        }, 3000)
        function onMessage(msg) {
            if (msg.length < 4 || header(msg).mid !== mid) return
            clearTimeout(timer)
            socket.off('message', onMessage)
            resolve(msg)
        }
        socket.on('message', onMessage)
        socket.send(datagram, port, '127.0.0.1')
    })
}

test(
    '/v1/status fetched in 32-byte blocks while sessions are created is the JSON of one moment',
    { timeout: 60000 },
    async () => {
        const base = await startBase()
        const socket = dgram.createSocket('udp4')
        await new Promise(r => socket.bind(0, '127.0.0.1', r))
        try {
            const get = (num, mid) =>
                message({
                    type: 0,
                    code: 1,
                    mid,
                    token: Buffer.from([num & 0xff]),
                    options: [
                        [OPT_URI_PATH, 'v1'],
                        [OPT_URI_PATH, 'status'],
                        [OPT_BLOCK2, blockOption(num, SZX_32)],
                    ],
                })
            const blocks = []
            for (let num = 0; num < 100; num++) {
                const answer = await exchange(socket, base.port, get(num, 0x4000 + num), 0x4000 + num)
                assert.equal(header(answer).code, '2.05', `block ${num}`)
                blocks.push(payloadOf(answer))
                const b2 = optionValue(answer, OPT_BLOCK2)
                const more = b2 && (b2[b2.length - 1] & 0x08) !== 0
                if (!more) break
                if (num === 0) {
                    // Between the first block and the rest: ten sessions (active 0 -> 10, dedup entries 0 -> 10).
                    for (let n = 1; n <= 10; n++)
                        assert.equal(
                            (
                                await request(base.port, {
                                    method: 'POST',
                                    pathname: '/v1/sessions',
                                    body: { number: n },
                                })
                            ).code,
                            '2.01'
                        )
                }
            }
            assert.ok(blocks.length > 2, `${blocks.length} blocks`)
            const text = blocks.join('')
            let body
            assert.doesNotThrow(() => {
                body = JSON.parse(text)
            }, `assembled body: ${text}`)
            assert.equal(body.status.sessions.active, 0)
            assert.equal(body.status.coap.dedupEntries, 0)
            // A new transfer shows the sessions.
            const fresh = await request(base.port, { pathname: '/v1/status' })
            assert.equal(fresh.json.status.sessions.active, 10)
        } finally {
            socket.close()
            await base.stop()
        }
    }
)

test(
    '/v1/sessions fetched in 16-byte blocks across seconds carries the time of its first block',
    { timeout: 60000 },
    async () => {
        const base = await startBase()
        const socket = dgram.createSocket('udp4')
        await new Promise(r => socket.bind(0, '127.0.0.1', r))
        try {
            const set = await request(base.port, {
                method: 'POST',
                pathname: '/v1/settings',
                body: { datetime: '2024-05-01T12:00:00' },
            })
            assert.equal(set.code, '2.04')
            const setAt = Date.now()
            for (const number of [1, 2])
                assert.equal(
                    (await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number } })).code,
                    '2.01'
                )
            const get = (num, mid) =>
                message({
                    type: 0,
                    code: 1,
                    mid,
                    token: Buffer.from([num & 0xff]),
                    options: [
                        [OPT_URI_PATH, 'v1'],
                        [OPT_URI_PATH, 'sessions'],
                        [OPT_BLOCK2, blockOption(num, SZX_16)],
                    ],
                })
            let text = ''
            let firstAt = null
            let paused = false
            for (let num = 0; num < 200; num++) {
                // Before the block holding the timestamp's last digit (the rest of it is in earlier blocks): 2.5 s, so
                // that digit would be another one if this block were rendered as of now.
                const key = text.indexOf('"timestamp":"')
                if (!paused && key >= 0 && key + 13 + 18 < (num + 1) * BLOCK_16) {
                    paused = true
                    await sleep(2500)
                }
                if (num === 0) firstAt = Date.now()
                const answer = await exchange(socket, base.port, get(num, 0x5000 + num), 0x5000 + num)
                assert.equal(header(answer).code, '2.05', `block ${num}`)
                text += payloadOf(answer).toString('utf-8')
                const b2 = optionValue(answer, OPT_BLOCK2)
                if (!b2 || (b2[b2.length - 1] & 0x08) === 0) break
            }
            assert.ok(paused, 'the transfer paused inside the timestamp')
            const body = JSON.parse(text)
            assert.equal(body.sessions.length, 2)
            // The base's clock at the first block, from the time set (a second either way for the round trips).
            const expected = isoSeconds('2024-05-01T12:00:00') + (firstAt - setAt) / 1000
            assert.ok(
                Math.abs(isoSeconds(body.timestamp) - expected) <= 1,
                `${body.timestamp} is not the first block's time`
            )
        } finally {
            socket.close()
            await base.stop()
        }
    }
)
