'use strict'
// A representation without an ETag fetched in Block2 blocks must not mix moments (RFC 7959 §2.4: the blocks of one
// transfer are one representation). /v1/status changes with every session created; a client taking its blocks
// one by one while sessions are created must still assemble the JSON of one moment.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request } = require('./harness')
const { message, header, payloadOf, optionValue } = require('./raw-coap')

const OPT_URI_PATH = 11
const OPT_BLOCK2 = 23
const SZX_32 = 1

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

test('/v1/status fetched in 32-byte blocks while sessions are created is the JSON of one moment', { timeout: 60000 }, async () => {
    const base = await startBase()
    const socket = dgram.createSocket('udp4')
    await new Promise(r => socket.bind(0, '127.0.0.1', r))
    try {
        const get = (num, mid) => message({ type: 0, code: 1, mid, token: Buffer.from([num & 0xff]),
            options: [[OPT_URI_PATH, 'v1'], [OPT_URI_PATH, 'status'], [OPT_BLOCK2, blockOption(num, SZX_32)]] })
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
                    assert.equal((await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: n } })).code, '2.01')
            }
        }
        assert.ok(blocks.length > 2, `${blocks.length} blocks`)
        const text = blocks.join('')
        let body
        assert.doesNotThrow(() => { body = JSON.parse(text) }, `assembled body: ${text}`)
        assert.equal(body.status.sessions.active, 0)
        assert.equal(body.status.coap.dedupEntries, 0)
        // A new transfer shows the sessions.
        const fresh = await request(base.port, { pathname: '/v1/status' })
        assert.equal(fresh.json.status.sessions.active, 10)
    } finally {
        socket.close()
        await base.stop()
    }
})
