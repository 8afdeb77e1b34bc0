'use strict'
// Protection against a hostile LAN: the amplification bound for unproved addresses (RFC 7252 §11.3, RFC 9175 Echo)
// and the per-peer and per-address rate limits. The bound and the limit are the documented ones (README "Reliability").

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, rawExchange } = require('./harness')
const { message, header, optionValue } = require('./raw-coap')

const FACTOR = 10
const RATE_BURST = 50
const ADDRESS_RATE = 200 // per second, and the burst: all ports of one address together
const ECHO = 252
const ETAG = 4
const BLOCK2 = 23
let base

before(async () => {
    base = await startBase()
    // A ring with enough in it that the list is several KB.
    for (let n = 1; n <= 20; n++) {
        const res = await request(base.port, {
            method: 'POST',
            pathname: '/v1/sessions',
            body: { number: n, label: 'A guest with a long name' },
        })
        assert.equal(res.code, '2.01')
    }
})
after(() => base && base.stop())

const listRequest = (mid, extra = []) =>
    message({
        mid,
        token: Buffer.from([1, 2]),
        options: [[11, 'v1'], [11, 'sessions'], ...extra].sort((a, b) => a[0] - b[0]),
    })

/** One socket (one peer) doing several exchanges in turn. */
async function peer() {
    const socket = dgram.createSocket('udp4')
    await new Promise(r => socket.bind(0, '127.0.0.1', r))
    const exchange = bytes =>
        new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no reply')), 3000)
            socket.once('message', msg => {
                clearTimeout(timer)
                resolve(msg)
            })
            socket.send(bytes, base.port, '127.0.0.1')
        })
    return { exchange, close: () => socket.close() }
}

test(`a new peer's GET of a large list gets blocks within ${FACTOR}x its request, and an Echo to prove its address`, async () => {
    const p = await peer()
    try {
        const req = listRequest(1)
        const first = await p.exchange(req)
        assert.equal(header(first).code, '2.05')
        assert.ok(first.length <= FACTOR * req.length, `${first.length} > ${FACTOR} x ${req.length}`)
        assert.ok(optionValue(first, BLOCK2), 'answered in blocks')
        const echo = optionValue(first, ECHO)
        assert.equal(echo.length, 8)
        // Continuing block by block stays within the bound too.
        const block = optionValue(first, BLOCK2)
        const szx = block[block.length - 1] & 7
        const next = listRequest(2, [[BLOCK2, Buffer.from([(1 << 4) | szx])]])
        const second = await p.exchange(next)
        assert.ok(second.length <= FACTOR * next.length)

        // Sending the Echo back proves the address: now the 512-byte blocks (SZX 5) a list over one datagram's
        // 1024 bytes goes in (docs/api.md).
        const proved = listRequest(3, [[ECHO, echo]])
        const full = await p.exchange(proved)
        assert.equal(header(full).code, '2.05')
        const fullBlock = optionValue(full, BLOCK2)
        assert.equal(fullBlock[fullBlock.length - 1] & 7, 5)
        assert.ok(full.length > 512, `${full.length} bytes`)
    } finally {
        p.close()
    }
})

test('returning our ETag also proves the address', async () => {
    const p = await peer()
    try {
        const first = await p.exchange(listRequest(1))
        const etag = optionValue(first, ETAG)
        const valid = await p.exchange(listRequest(2, [[ETAG, etag]]))
        assert.equal(header(valid).code, '2.03')
        const full = await p.exchange(listRequest(3))
        assert.ok(full.length > 512, `${full.length} bytes`)
    } finally {
        p.close()
    }
})

test('malformed input gets at most a 4-byte RST', async () => {
    const probes = [
        Buffer.from([0x49, 0x01, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        Buffer.from([0x40, 0x01, 0, 2, 0xf0]),
        Buffer.from([0x40, 0x01, 0, 3, 0xff]),
        Buffer.from([0x40, 0x01]),
    ]
    const replies = await rawExchange(base.port, probes)
    for (const r of replies) assert.equal(r.length, 4)
})

test(`one peer flooding gets about ${RATE_BURST} answers; another peer is still answered at once`, async () => {
    const noisy = dgram.createSocket('udp4')
    let answered = 0
    noisy.on('message', () => answered++)
    await new Promise(r => noisy.bind(0, '127.0.0.1', r))
    try {
        const ping = mid =>
            message({
                type: 1,
                mid,
                options: [
                    [11, 'v1'],
                    [11, 'settings'],
                ],
            })
        // 300 datagrams over about 0.6 s (paced, so the base's 4-datagram receive queue is not what limits them).
        const sending = (async () => {
            for (let i = 0; i < 300; i++) {
                noisy.send(ping(i), base.port, '127.0.0.1')
                await new Promise(r => setTimeout(r, 2))
            }
        })()
        const other = await request(base.port, { pathname: '/v1/settings' })
        assert.equal(other.code, '2.05')
        await sending
        await new Promise(r => setTimeout(r, 1000))
        // The bucket holds RATE_BURST and refills at RATE_BURST per second while the flood lasts.
        assert.ok(answered >= RATE_BURST && answered < 300 / 2, `${answered} answered`)
    } finally {
        noisy.close()
    }
})

test(`a client rotating its source port gets no more than its address's ${ADDRESS_RATE} per second`, async () => {
    // 40 ports, more than the 16 peers the limiter tracks: each new port would get a fresh peer bucket.
    const sockets = []
    let answered = 0
    try {
        for (let i = 0; i < 40; i++) {
            const socket = dgram.createSocket('udp4')
            socket.on('message', () => answered++)
            await new Promise(r => socket.bind(0, '127.0.0.1', r))
            sockets.push(socket)
        }
        await new Promise(r => setTimeout(r, 1100)) // earlier tests' tokens are back
        const ping = mid =>
            message({
                type: 1,
                mid,
                options: [
                    [11, 'v1'],
                    [11, 'settings'],
                ],
            })
        const start = Date.now()
        for (let i = 0; i < 600; i++) {
            sockets[i % sockets.length].send(ping(i), base.port, '127.0.0.1')
            await new Promise(r => setTimeout(r, 1))
        }
        const elapsed = (Date.now() - start) / 1000
        await new Promise(r => setTimeout(r, 1000))
        const bound = ADDRESS_RATE + ADDRESS_RATE * elapsed
        assert.ok(
            answered >= RATE_BURST && answered <= bound + 10,
            `${answered} answered in ${elapsed} s, bound ${bound}`
        )
        const after = await request(base.port, { pathname: '/v1/settings' })
        assert.equal(after.code, '2.05')
    } finally {
        for (const s of sockets) s.close()
    }
})
