'use strict'
// Block-wise transfers (RFC 7959) on a full ring, checked with node-coap and libcoap's coap-client-notls.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, coapClient, rawExchange } = require('./harness')
const { message, header, optionValue, parseOptions, payloadOf } = require('./raw-coap')

let base
/**
 * A full ring of 128, every label in RAM: the 16-byte fetch below is ~2,000 requests (the default ring of 256 doubles
 * them and reads half its labels from flash; test/e2e/capacity.test.js fetches that ring with both clients).
 */
const capacity = 128
const LABEL = 'Party of the long name ' // padded below to 32 bytes, the label limit

before(async () => {
    base = await startBase()
    const set = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { sessionCapacity: capacity },
    })
    assert.equal(set.code, '2.04')
    const flash = base.flash
    await base.stop()
    // sessionCapacity takes effect at the next start
    base = await startBase({ flash })
    for (let n = 1; n <= capacity; n++) {
        const label = (LABEL + n).padEnd(32, '.')
        const res = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: n, label } })
        assert.equal(res.code, '2.01', `session ${n}`)
    }
})
after(() => base && base.stop())

test('a full ring refuses one more session with 5.03 and a JSON error', async () => {
    const res = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: capacity + 1 } })
    assert.equal(res.code, '5.03')
    assert.match(res.json.error, /full/)
})

test('TD_COAP_BLOCK_02: node-coap fetches the full list block by block (late negotiation), every block with the ETag', async () => {
    const res = await request(base.port, { pathname: '/v1/sessions' })
    assert.equal(res.code, '2.05')
    assert.equal(res.json.sessions.length, capacity)
    assert.deepEqual(
        res.json.sessions.map(s => s.number),
        Array.from({ length: capacity }, (_, i) => i + 1)
    )
    assert.ok(res.payload.length > 1024, `payload ${res.payload.length} bytes`)
})

// A client that never returns the Echo option (node-coap) gets small blocks, and a list of 128 sessions is then
// ~250 requests: more than a peer's burst of 50 (README "Rate limits"). Later blocks of a transfer the peer started
// cost an eighth of a request, so none of them may be dropped: each block is asked once, never retransmitted.
/**
 * One socket (one peer) reading the list: ask(mid, options, waitMs) sends a GET of /v1/sessions with `options`
 * besides its Uri-Path and returns the reply, or undefined when none came within `waitMs`.
 */
async function listPeer() {
    const socket = dgram.createSocket('udp4')
    await new Promise(resolve => socket.bind(0, '127.0.0.1', resolve))
    const replies = new Map()
    socket.on('message', m => replies.set(header(m).mid, m))
    const ask = async (mid, extra, waitMs) => {
        const options = [[11, 'v1'], [11, 'sessions'], ...extra].sort((a, b) => a[0] - b[0])
        socket.send(message({ mid, token: Buffer.from([7, mid & 0xff]), options }), base.port, '127.0.0.1')
        for (let waited = 0; waited < waitMs && !replies.has(mid); waited += 5) await new Promise(r => setTimeout(r, 5))
        return replies.get(mid)
    }
    return { ask, close: () => socket.close() }
}

/** A Block2 option value asking for block `num` of size 16 << `szx` (RFC 7959 §2.2; M is 0 in a request). */
const block2Value = (num, szx) =>
    num < 16 ? Buffer.from([(num << 4) | szx]) : Buffer.from([num >> 4, ((num & 15) << 4) | szx])

test('every 128-byte block of the full list is answered at the first request, past the rate limit burst', async () => {
    const peer = await listPeer()
    try {
        const parts = []
        let more = true
        // A full ring of 128 long-labelled sessions is ~36 KB, ~290 blocks of 128 bytes: all within the 5 s a
        // transfer's later blocks keep their discount (src/limits.ts SNAPSHOT_MS; 32-byte blocks took longer).
        for (let num = 0; more && num < 1000; num++) {
            const reply = await peer.ask(0x3000 + num, [[23, block2Value(num, 3)]], 1500)
            assert.ok(reply, `block ${num}: no answer within 1.5 s (dropped)`)
            assert.equal(header(reply).code, '2.05', `block ${num}`)
            const b2 = optionValue(reply, 23)
            const value = b2.reduce((v, byte) => v * 256 + byte, 0)
            assert.equal(value >> 4, num)
            assert.equal(value & 7, 3, '128-byte blocks, as asked')
            more = (value & 8) !== 0
            parts.push(reply.subarray(parseOptions(reply).payloadStart))
        }
        assert.ok(parts.length > 100, `${parts.length} blocks: more than the burst of 50`)
        const list = JSON.parse(Buffer.concat(parts).toString('utf-8'))
        assert.equal(list.sessions.length, capacity)
    } finally {
        peer.close()
    }
})

test('TD_COAP_BLOCK_01/06: coap-client-notls with 64- and 16-byte blocks gets the same document, ETag on each block', async () => {
    const url = `coap://127.0.0.1:${base.port}/v1/sessions`
    const whole = await coapClient(['-m', 'get', url])
    assert.equal(whole.stderr, '')
    const doc = JSON.parse(whole.stdout)
    assert.equal(doc.sessions.length, capacity)

    const small = await coapClient(['-m', 'get', '-b', '64', '-v', '6', url])
    const blocks = small.stdout
        .split('\n')
        .concat(small.stderr.split('\n'))
        .filter(l => / c:2\.05 /.test(l))
    const expectedBlocks = Math.ceil(Buffer.byteLength(whole.stdout) / 64)
    assert.equal(blocks.length, expectedBlocks)
    for (const line of blocks) {
        assert.match(line, /ETag:0x[0-9a-f]+/i)
        assert.match(line, /Block2:\d+\/[M_]\/64/)
    }
    // ~2,000 requests: ~37 s alone, and more on a loaded machine, which could pass the 90 s coap-client waits by
    // default (-B: it would print the blocks it has so far).
    const tiny = await coapClient(['-m', 'get', '-b', '16', '-B', '400', url], 420000)
    assert.deepEqual(JSON.parse(tiny.stdout).sessions, doc.sessions)
})

// docs/api.md: an answer of up to 1024 bytes is one datagram, a longer one goes in 512-byte blocks (SZX 5).
test('an answer to a change (512-1024 bytes) is one datagram; the list goes in 512-byte blocks though 1024 are asked', async () => {
    const put = message({
        code: 3,
        mid: 0x5150,
        token: Buffer.from([7, 7]),
        options: [
            [11, 'v1'],
            [11, 'sessions'],
            [12, Buffer.from([50])],
            [15, 'number=1'],
        ],
        payload: Buffer.from(JSON.stringify({ label: 'Z'.repeat(32) })),
    })
    const [answer] = await rawExchange(base.port, put)
    assert.equal(header(answer).code, '2.04')
    assert.equal(optionValue(answer, 23), undefined, 'no Block2')
    const body = payloadOf(answer)
    const size = Buffer.byteLength(body)
    assert.ok(size > 512 && size <= 1024, `${size} bytes`)
    assert.equal(JSON.parse(body.toString()).sessions[0].label, 'Z'.repeat(32))

    // One peer, which proves its address with the Echo of its first answer (else it gets small blocks: the
    // amplification bound), then asks for 1024-byte blocks (early negotiation: Block2 NUM 0, SZX 6).
    const peer = await listPeer()
    const ask = async (mid, extra) => {
        const reply = await peer.ask(mid, extra, 3000)
        assert.ok(reply, `no answer to ${mid}`)
        return reply
    }
    try {
        const echo = optionValue(await ask(0x5200, []), 252)
        const parts = []
        // The first request asks for 1024 bytes; the later ones go on in the size the answer chose (RFC 7959 §2.4).
        let szx = 6
        for (let n = 0; n < 200; n++) {
            const reply = await ask(0x5201 + n, [
                [23, block2Value(n, szx)],
                [252, echo],
            ])
            assert.equal(header(reply).code, '2.05', `block ${n}`)
            const value = optionValue(reply, 23).reduce((v, byte) => v * 256 + byte, 0)
            assert.equal(value & 7, 5, `block ${n}: 512 bytes`)
            assert.equal(value >> 4, n)
            const payload = reply.subarray(parseOptions(reply).payloadStart)
            parts.push(payload)
            if (!(value & 8)) break
            assert.equal(payload.length, 512)
            szx = 5
        }
        const list = JSON.parse(Buffer.concat(parts).toString('utf-8'))
        assert.equal(list.sessions.length, capacity)
    } finally {
        peer.close()
    }
})

test('Block2 request past the end is 4.02', async () => {
    const res = await coapClient(['-m', 'get', '-b', '500,1024', `coap://127.0.0.1:${base.port}/v1/sessions`])
    assert.match(res.stderr, /^4\.02/)
})

test('TD_COAP_BLOCK_03/04: a Block1 upload in 16-byte blocks from coap-client-notls is reassembled', async () => {
    await coapClient(['-m', 'delete', `coap://127.0.0.1:${base.port}/v1/sessions?number=1`])
    const body = JSON.stringify({ number: 1, label: 'Block-wise guest', partySize: 6, goal: 900 })
    const res = await coapClient([
        '-m',
        'post',
        '-t',
        'application/json',
        '-b',
        '16',
        '-e',
        body,
        `coap://127.0.0.1:${base.port}/v1/sessions`,
    ])
    assert.equal(res.stderr, '')
    const session = JSON.parse(res.stdout).sessions[0]
    assert.equal(session.label, 'Block-wise guest')
    assert.equal(session.partySize, 6)
    assert.equal(session.goalInSeconds, 900)
})
