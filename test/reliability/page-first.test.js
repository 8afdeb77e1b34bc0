'use strict'
// Pages first (README "Reliability"): a page goes on air before its change is in flash, and its answer waits for
// that commit. A power cut (SIGKILL of the simulator) the moment the page is on air, before the answer, must leave a
// state that the client's retransmission of the same request (same MID and token, RFC 7252 §4.2) handles correctly:
// the session is there once, paged, the guest counted once; the pager may buzz twice (at least once, never lost).
// Before the page, other clients' creates (NON, back to back) keep a commit under way, so the page's own commit
// comes well after its air time. (A power cut inside the page's own commit is test/device/sessions-persist.test.ts's.)

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request, sleep } = require('../e2e/harness')
const { message, header, payloadOf } = require('../e2e/raw-coap')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')

const OPT_URI_PATH = 11
const OPT_CONTENT_FORMAT = 12
const OPT_URI_QUERY = 15
const POST = 2
const PUT = 3

function socket() {
    const s = dgram.createSocket('udp4')
    return new Promise(r => s.bind(0, '127.0.0.1', () => r(s)))
}

/** Resolves with the first datagram `s` receives that `accept` takes, or null after `ms`. */
function next(s, accept, ms) {
    return new Promise(resolve => {
        const timer = setTimeout(() => done(null), ms)
        function on(msg) {
            if (accept(msg)) done(msg)
        }
        function done(v) {
            clearTimeout(timer)
            s.off('message', on)
            resolve(v)
        }
        s.on('message', on)
    })
}

async function pageThroughPowerCut(t, { number, pageRequest, createFirst }) {
    const monitor = await socket()
    const rfMonitor = `127.0.0.1:${monitor.address().port}`
    let base = await startBase({ rfMonitor })
    const client = await socket()
    const others = await socket()
    try {
        if (createFirst)
            assert.equal(
                (await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number } })).code,
                '2.01'
            )
        const mid = 0x7100 + number
        const bytes = message({
            type: 0,
            code: pageRequest.code,
            mid,
            token: Buffer.from([0xa1, number]),
            options: pageRequest.options,
            payload: JSON.stringify(pageRequest.body),
        })
        const isAnswer = msg => msg.length >= 4 && header(msg).mid === mid && header(msg).type === 2
        // Other host stands' changes: a commit of six sessions under way when the page arrives.
        for (let i = 0; i < 6; i++)
            others.send(
                message({
                    type: 1,
                    code: POST,
                    mid: 0x7000 + i,
                    options: [
                        [OPT_URI_PATH, 'v1'],
                        [OPT_URI_PATH, 'sessions'],
                        [OPT_CONTENT_FORMAT, Buffer.from([50])],
                    ],
                    payload: JSON.stringify({ number: 200 + i }),
                }),
                base.port,
                '127.0.0.1'
            )
        // A read from a third client waits behind those creates (the runtime hands a page ahead of the others, a
        // read not): once it is answered, the creates are in the VM and their commit is under way.
        assert.equal((await request(base.port, { pathname: '/v1/sessions/statistics' })).code, '2.05')
        let answeredAt = null
        client.on('message', msg => {
            if (isAnswer(msg) && answeredAt === null) answeredAt = process.hrtime.bigint()
        })
        const air = next(monitor, () => true, 5000)
        client.send(bytes, base.port, '127.0.0.1')
        assert.ok(await air, 'the page went on air')
        const airAt = process.hrtime.bigint()
        await base.kill()
        client.removeAllListeners('message')
        assert.equal(
            answeredAt,
            null,
            'the answer came before the page was on air: it waited for nothing but its commit?'
        )

        base = await startBase({ flash: base.flash, rfMonitor })
        // The client's CoAP stack retransmits the same request (the base lost its dedup table with its RAM).
        const airAgain = next(monitor, () => true, 5000)
        const answer = next(client, isAnswer, 5000)
        client.send(bytes, base.port, '127.0.0.1')
        const reply = await answer
        assert.ok(reply, 'the retransmission is answered')
        assert.ok(
            ['2.01', '2.00', '2.04'].includes(header(reply).code),
            `code ${header(reply).code}: ${payloadOf(reply)}`
        )
        const session = JSON.parse(payloadOf(reply)).sessions[0]
        assert.equal(session.number, number)
        assert.equal(session.state, 'paged')
        assert.ok(await airAgain, 'the retransmission pages again (at least once, never lost)')

        const list = (await request(base.port, { pathname: '/v1/sessions' })).json
        const mine = list.sessions.filter(s => s.number === number)
        assert.equal(mine.length, 1, `one session for pager ${number}: ${JSON.stringify(list.sessions)}`)
        assert.equal(mine[0].state, 'paged')
        assert.equal(mine[0].id, session.id)
        assert.equal(list.statistics.guestsServed, 1, 'the guest is counted once')
        t.diagnostic(`air ${(Number(airAt) / 1e6) | 0} ms (host clock); retransmission answered ${header(reply).code}`)
    } finally {
        client.close()
        others.close()
        monitor.close()
        await base.kill()
    }
}

test(
    'the page action: on air before its commit; a power cut between air and answer is healed by the retransmission',
    { timeout: 90000 },
    async t => {
        await pageThroughPowerCut(t, {
            number: 7,
            createFirst: true,
            pageRequest: {
                code: PUT,
                options: [
                    [OPT_URI_PATH, 'v1'],
                    [OPT_URI_PATH, 'sessions'],
                    [OPT_CONTENT_FORMAT, Buffer.from([50])],
                    [OPT_URI_QUERY, 'number=7'],
                ],
                body: { action: 'page' },
            },
        })
    }
)

test(
    'a session created with paging: the same, and the retransmission leaves one session',
    { timeout: 90000 },
    async t => {
        await pageThroughPowerCut(t, {
            number: 8,
            createFirst: false,
            pageRequest: {
                code: POST,
                options: [
                    [OPT_URI_PATH, 'v1'],
                    [OPT_URI_PATH, 'sessions'],
                    [OPT_CONTENT_FORMAT, Buffer.from([50])],
                ],
                body: { number: 8, action: 'page' },
            },
        })
    }
)

test(
    'pages from several clients go on air in their order of arrival while changes wait for the flash',
    { timeout: 90000 },
    async () => {
        const monitor = await socket()
        const base = await startBase({ rfMonitor: `127.0.0.1:${monitor.address().port}` })
        const clients = []
        try {
            // retekess-t112: one page per transmission, so each page is one RF datagram carrying its own pager number.
            assert.equal(
                (
                    await request(base.port, {
                        method: 'POST',
                        pathname: '/v1/settings',
                        body: { radioProtocol: 'retekess-t112' },
                    })
                ).code,
                '2.04'
            )
            for (let i = 0; i < 8; i++) clients.push(await socket())
            const arrivals = []
            monitor.on('message', msg => arrivals.push(msg))
            // Four rounds: six creates (NON) from six clients, then two pages from two others, all back to back.
            const numbers = []
            for (let round = 0; round < 4; round++) {
                for (let i = 0; i < 6; i++)
                    clients[i].send(
                        message({
                            type: 1,
                            code: POST,
                            mid: 0x7200 + round * 8 + i,
                            options: [
                                [OPT_URI_PATH, 'v1'],
                                [OPT_URI_PATH, 'sessions'],
                                [OPT_CONTENT_FORMAT, Buffer.from([50])],
                            ],
                            payload: JSON.stringify({ number: 300 + round * 8 + i }),
                        }),
                        base.port,
                        '127.0.0.1'
                    )
                for (let i = 6; i < 8; i++) {
                    const number = 40 + round * 2 + i - 6
                    numbers.push(number)
                    clients[i].send(
                        message({
                            type: 1,
                            code: POST,
                            mid: 0x7300 + number,
                            options: [
                                [OPT_URI_PATH, 'v1'],
                                [OPT_URI_PATH, 'page'],
                                [OPT_CONTENT_FORMAT, Buffer.from([50])],
                            ],
                            payload: JSON.stringify({ number }),
                        }),
                        base.port,
                        '127.0.0.1'
                    )
                }
                await sleep(30)
            }
            // Eight T112 pages at ~461 ms each: bounded wait.
            for (let waited = 0; waited < 100 && arrivals.length < numbers.length; waited++) await sleep(100)
            assert.equal(arrivals.length, numbers.length, 'every page went on air')
            // Read by rtl_433 (its Retekess decoder gives the pager number).
            const onAir = []
            for (const a of arrivals) onAir.push((await decodeVirtualRf(a)).decoded[0].pager)
            assert.deepEqual(onAir, numbers)
        } finally {
            for (const c of clients) c.close()
            monitor.close()
            await base.stop()
        }
    }
)
