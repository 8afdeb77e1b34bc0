'use strict'
// Every body a client assembles from Block2 blocks is the JSON of one moment (RFC 7959 §2.4), while the state
// changes between every pair of block requests. The clients are node-coap and libcoap's coap-client-notls; a
// loopback proxy between client and base makes a change (and waits for its answer) before it forwards each request
// for a block after the first. Bodies without an ETag (status, statistics, one session) must come out whole and as
// of the first block; a list (with an ETag) cannot be kept whole, and a client that does not compare ETags between
// blocks (node-coap) must then get an error, never a body that mixes two lists.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, coapClient } = require('./harness')
const { parseOptions } = require('./raw-coap')

const OPT_BLOCK2 = 23

let base

before(async () => {
    base = await startBase()
    for (const number of [1, 2, 3])
        assert.equal(
            (
                await request(base.port, {
                    method: 'POST',
                    pathname: '/v1/sessions',
                    body: { number, label: 'guest ' + number },
                })
            ).code,
            '2.01'
        )
})
after(async () => {
    if (base) await base.stop()
})

/** The Block2 NUM a GET asks for, or -1 (RFC 7959 §2.2: NUM is the value without its low 4 bits). */
function blockNum(datagram) {
    if (datagram.length < 4 || datagram[1] !== 1) return -1
    const o = parseOptions(datagram).options.find(x => x.num === OPT_BLOCK2)
    if (!o) return -1
    let v = 0
    for (const b of o.value) v = v * 256 + b
    return v >> 4
}

/** A proxy that awaits `change()` before it forwards each request for a later block; resolves with its port. */
async function changingProxy(change) {
    const front = dgram.createSocket('udp4')
    const back = dgram.createSocket('udp4')
    let client = null
    let changes = 0
    let failure = null
    front.on('message', async (msg, from) => {
        client = from
        if (blockNum(msg) > 0 && changes < 200) {
            changes++
            await change().catch(e => (failure = failure || e))
        }
        back.send(msg, base.port, '127.0.0.1')
    })
    back.on('message', msg => client && front.send(msg, client.port, client.address))
    await new Promise(r => front.bind(0, '127.0.0.1', r))
    await new Promise(r => back.bind(0, '127.0.0.1', r))
    return {
        port: front.address().port,
        changes: () => changes,
        close: () => {
            front.close()
            back.close()
            if (failure) throw failure
        },
    }
}

let toggled = false
const createOne = async () => {
    // Pager 100 comes and goes (a guest arrives, a guest leaves without paging): the ring never fills.
    toggled = !toggled
    const r = toggled
        ? await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 100, partySize: 2 } })
        : await request(base.port, { method: 'DELETE', pathname: '/v1/sessions', query: 'number=100' })
    if (r.code !== (toggled ? '2.01' : '2.02')) throw new Error(`change refused: ${r.code} ${r.payload}`)
}
let flip = false
const relabel = async () => {
    // The label of session 2 alternates between lengths, so everything after it shifts.
    flip = !flip
    const r = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=2',
        body: { label: flip ? 'a much longer label' : 'b' },
    })
    if (r.code !== '2.04') throw new Error(`change refused: ${r.code} ${r.payload}`)
}

/** GET through the proxy with node-coap in 16-byte blocks (early negotiation: Block2 NUM 0, SZX 0). */
async function nodeCoapGet(proxy, pathname, query) {
    const r = await request(proxy.port, { pathname, query, options: { Block2: Buffer.from([0]) }, timeoutMs: 30000 })
    return r
}

async function current(pathname, query) {
    return (await request(base.port, { pathname, query })).json
}

const cases = [
    {
        what: '/v1/status',
        pathname: '/v1/status',
        change: createOne,
        same: (a, b) => assert.equal(b.status.sessions.active, a.status.sessions.active),
    },
    {
        what: '/v1/sessions/statistics',
        pathname: '/v1/sessions/statistics',
        change: createOne,
        same: (a, b) => assert.equal(b.statistics.numSessions, a.statistics.numSessions),
    },
    {
        what: 'one session',
        pathname: '/v1/sessions',
        query: 'number=2',
        change: relabel,
        same: (a, b) => assert.equal(b.sessions[0].label, a.sessions[0].label),
    },
]

for (const c of cases) {
    test(
        `node-coap: ${c.what} in 16-byte blocks, changed before every block, is the JSON of its first block's moment`,
        { timeout: 120000 },
        async () => {
            const proxy = await changingProxy(c.change)
            try {
                const before = await current(c.pathname, c.query)
                const r = await nodeCoapGet(proxy, c.pathname, c.query)
                assert.equal(r.code, '2.05', r.payload)
                assert.ok(proxy.changes() > 5, `${proxy.changes()} changes`)
                let body
                assert.doesNotThrow(() => (body = JSON.parse(r.payload)), r.payload)
                c.same(before, body)
                assert.notDeepEqual(await current(c.pathname, c.query), before, 'the state did change meanwhile')
            } finally {
                proxy.close()
            }
        }
    )

    test(
        `coap-client-notls: ${c.what} in 16-byte blocks, changed before every block, is the JSON of one moment`,
        { timeout: 120000 },
        async () => {
            const proxy = await changingProxy(c.change)
            try {
                const before = await current(c.pathname, c.query)
                const uri = `coap://127.0.0.1:${proxy.port}${c.pathname}${c.query ? '?' + c.query : ''}`
                const { stdout } = await coapClient(['-b', '16', '-B', '60', uri], 90000)
                assert.ok(proxy.changes() > 5, `${proxy.changes()} changes`)
                let body
                assert.doesNotThrow(() => (body = JSON.parse(stdout)), stdout)
                c.same(before, body)
            } finally {
                proxy.close()
            }
        }
    )
}

test(
    'node-coap: the list changed before every block is a 4.12 error, never two lists in one body',
    { timeout: 120000 },
    async () => {
        const proxy = await changingProxy(createOne)
        try {
            const r = await nodeCoapGet(proxy, '/v1/sessions')
            assert.equal(r.code, '4.12', r.payload)
            assert.match(JSON.parse(r.payload).error, /changed since the first block/)
            assert.equal(proxy.changes(), 1)
        } finally {
            proxy.close()
        }
    }
)

test(
    'coap-client-notls: the list changed before every block is never printed as one body',
    { timeout: 120000 },
    async () => {
        const proxy = await changingProxy(createOne)
        try {
            const { stdout, stderr } = await coapClient(
                ['-b', '16', '-B', '60', `coap://127.0.0.1:${proxy.port}/v1/sessions`],
                90000
            )
            let body = null
            try {
                body = JSON.parse(stdout)
            } catch {}
            // Either the error, or (a client that restarts on a new ETag) a list of one moment: then its count and its
            // statistics agree.
            if (body && body.sessions) assert.equal(body.sessions.length, body.statistics.numSessions, stdout)
            else assert.match(stdout + stderr, /4\.12|changed since the first block/, stdout + stderr)
        } finally {
            proxy.close()
        }
    }
)
