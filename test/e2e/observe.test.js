'use strict'
// Observe (RFC 7641) on /v1/notify (T7470 notify API) and on /v1/sessions, with node-coap's observe stream,
// coap-client-notls -s and hand-built datagrams for the misbehaving clients.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const coap = require('coap')
const { startBase, request, coapClient } = require('./harness')
const { message, header, payloadOf, optionValue } = require('./raw-coap')

const OBSERVE = 6
const PING_SECONDS = 1
let base

before(async () => {
    base = await startBase()
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { notifyPingSeconds: PING_SECONDS },
    })
    assert.equal(res.code, '2.04')
})
after(() => base && base.stop())

/** A node-coap observation; `next(predicate)` waits (bounded) for the next notification that matches. */
function observe(pathname, query = '') {
    return new Promise((resolve, reject) => {
        const agent = new coap.Agent({ type: 'udp4' })
        const req = coap.request({ host: '127.0.0.1', port: base.port, pathname, query, observe: true, agent })
        req.on('error', reject)
        req.on('response', stream => {
            const queue = []
            const waiters = []
            stream.on('data', payload => {
                const json = JSON.parse(payload.toString())
                const i = waiters.findIndex(w => w.match(json))
                if (i >= 0) waiters.splice(i, 1)[0].resolve(json)
                else queue.push(json)
            })
            const next = (match = () => true, timeoutMs = 5000) => {
                const i = queue.findIndex(match)
                if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0])
                return new Promise((res, rej) => {
                    const w = { match, resolve: res }
                    waiters.push(w)
                    setTimeout(() => {
                        const j = waiters.indexOf(w)
                        if (j >= 0) {
                            waiters.splice(j, 1)
                            rej(new Error(`no matching notification within ${timeoutMs} ms`))
                        }
                    }, timeoutMs)
                })
            }
            resolve({
                first: stream,
                next,
                close: () => stream.close(),
                options: stream.options,
            })
        })
        req.end()
    })
}

const isSessions = json => json.responseTypes.includes('sessions')

test('node-coap observes /v1/notify?action=get_sessions: the active sessions first, then each change in order', async () => {
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 1, label: 'early' } })
    const obs = await observe('/v1/notify', 'action=get_sessions')
    try {
        const first = await obs.next()
        assert.deepEqual(first.responseTypes, ['sessions', 'statistics'])
        assert.deepEqual(
            first.sessions.map(s => s.number),
            [1]
        )

        // Changes through another client, one at a time.
        await coapClient([
            '-m',
            'post',
            '-e',
            '{"number":2,"label":"Ava"}',
            `coap://127.0.0.1:${base.port}/v1/sessions`,
        ])
        const created = await obs.next(isSessions)
        assert.deepEqual(
            created.sessions.map(s => [s.number, s.state]),
            [[2, 'started']]
        )
        assert.equal(created.statistics.numSessions, 2)

        await coapClient(['-m', 'put', '-e', '{"action":"page"}', `coap://127.0.0.1:${base.port}/v1/sessions?number=2`])
        const paged = await obs.next(isSessions)
        assert.deepEqual(
            paged.sessions.map(s => [s.number, s.state]),
            [[2, 'paged']]
        )
        assert.equal(paged.statistics.guestsServed, 1)

        await coapClient([
            '-m',
            'put',
            '-e',
            '{"action":"clear"}',
            `coap://127.0.0.1:${base.port}/v1/sessions?number=2`,
        ])
        const cleared = await obs.next(isSessions)
        assert.deepEqual(
            cleared.sessions.map(s => [s.number, s.state, s.clearType]),
            [[2, 'cleared', 'STOP']]
        )

        await request(base.port, { method: 'POST', pathname: '/v1/settings', body: { defaultTargetGoal: 444 } })
        const settings = await obs.next(json => json.responseTypes.includes('settings'))
        assert.equal(settings.settings.defaultTargetGoal, 444)

        const ping = await obs.next(json => json.responseTypes[0] === 'ping', 4000)
        assert.equal(typeof ping.globalSessionSequence, 'number')
    } finally {
        obs.close()
    }
})

test('coap-client-notls -s receives the registration and the notifications of changes made meanwhile', async () => {
    const url = `coap://127.0.0.1:${base.port}/v1/notify?action=get_sessions`
    const watching = coapClient(['-m', 'get', '-s', '4', url], 20000)
    await new Promise(r => setTimeout(r, 1000))
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 77 } })
    const { stdout } = await watching
    // Each notification's JSON document follows the previous one on stdout.
    const docs = stdout.split(/(?<=\})(?=\{"responseTypes")/).map(d => JSON.parse(d))
    assert.ok(docs.length >= 2, stdout)
    assert.deepEqual(docs[0].responseTypes, ['sessions', 'statistics'])
    const change = docs.find(d => isSessions(d) && d.sessions.some(s => s.number === 77 && s.state === 'started'))
    assert.ok(change, stdout)
})

test('GET /v1/sessions is observable: each change sends the new list (TD_COAP_OBS_01/09)', async () => {
    const obs = await observe('/v1/sessions')
    try {
        const first = await obs.next()
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 301 } })
        const next = await obs.next(json => json.sessions.some(s => s.number === 301))
        assert.equal(next.globalSessionSequence > first.globalSessionSequence, true)
    } finally {
        obs.close()
    }
})

/** A raw observer: registers with Observe=0 and records every datagram; acknowledges only if told to. */
function rawObserver({ path = ['v1', 'notify'], token = Buffer.from([0x5a, 0x5a]), answer = 'ack' } = {}) {
    const socket = dgram.createSocket('udp4')
    const received = []
    const state = { acked: 0 }
    socket.on('message', msg => {
        received.push({ at: Date.now(), msg })
        const h = header(msg)
        if (h.type !== 0) return
        const ack = answer === 'ack' || (answer === 'first-2' && state.acked < 2)
        if (ack) {
            state.acked++
            socket.send(Buffer.from([0x60, 0, h.mid >> 8, h.mid & 0xff]), base.port, '127.0.0.1')
        }
        if (answer === 'rst') socket.send(Buffer.from([0x70, 0, h.mid >> 8, h.mid & 0xff]), base.port, '127.0.0.1')
    })
    return new Promise(resolve =>
        socket.bind(0, '127.0.0.1', () => {
            const register = observeValue =>
                socket.send(
                    message({
                        mid: Math.floor(Math.random() * 65536),
                        token,
                        options: [[OBSERVE, observeValue], ...path.map(p => [11, p])],
                    }),
                    base.port,
                    '127.0.0.1'
                )
            register(Buffer.alloc(0))
            resolve({
                socket,
                received,
                get acked() {
                    return state.acked
                },
                deregister: () => register(Buffer.from([1])),
                close: () => socket.close(),
            })
        })
    )
}

const wait = ms => new Promise(r => setTimeout(r, ms))

test('an observer that stops acknowledging is dropped after three unanswered pings (TD_COAP_OBS_05)', async () => {
    // It acknowledges the first two notifications (which proves its address), then goes silent.
    const o = await rawObserver({ answer: 'first-2' })
    try {
        const deadline = Date.now() + 20000
        let last = -1
        // Dropped once nothing arrives for two ping periods plus the longest first retransmission wait.
        while (Date.now() < deadline) {
            await wait(PING_SECONDS * 1000 * 2 + 3500)
            if (o.received.length === last) break
            last = o.received.length
        }
        assert.ok(Date.now() < deadline, 'still receiving notifications')
        // received[0] is the registration ACK; the first two notifications were acknowledged. A proved observer
        // is kept through missed pings: its unanswered notification is retransmitted before the drop.
        const unanswered = o.received.slice(1 + o.acked).filter(r => header(r.msg).type === 0)
        assert.equal(o.acked, 2)
        assert.ok(unanswered.length >= 2, `${unanswered.length} unanswered notifications`)
        const span = unanswered[unanswered.length - 1].at - unanswered[0].at
        assert.ok(span >= PING_SECONDS * 1000, `dropped ${span} ms after the first unanswered notification`)
        const count = o.received.length
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 401 } })
        await wait(1500)
        assert.equal(o.received.length, count)
    } finally {
        o.close()
    }
})

test('a retransmitted notification is rendered afresh: newest state, a new Observe value and MID (RFC 7641 §4.5.2, TD_COAP_OBS_05)', async () => {
    // No pings during this test: they would be notifications too, and three missed ones drop the observer.
    const slow = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { notifyPingSeconds: 600 },
    })
    assert.equal(slow.code, '2.04')
    // Acknowledges its first two notifications (proving its address), then none. /v1/notify sends the sessions
    // changed since the observer's previous notification.
    const o = await rawObserver({ answer: 'first-2' })
    const notifications = () => o.received.filter(r => header(r.msg).type === 0)
    const until = async (count, ms) => {
        for (const t0 = Date.now(); notifications().length < count && Date.now() - t0 < ms;) await wait(50)
        assert.ok(notifications().length >= count, `${notifications().length} notifications, waited for ${count}`)
    }
    const create = number => request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number } })
    const numbers = r => JSON.parse(payloadOf(r.msg)).sessions.map(s => s.number)
    try {
        await wait(300)
        await create(601)
        await until(1, 3000)
        await create(602)
        await until(2, 3000)
        await create(603)
        await until(3, 3000)
        // The third is not acknowledged; 604 is created while it waits, so its retransmission (2-3 s later) shows it.
        await create(604)
        await until(4, 5000)
        const [lost, again] = notifications().slice(2, 4)
        assert.ok(numbers(lost).includes(603) && !numbers(lost).includes(604), `${numbers(lost)}`)
        assert.ok(numbers(again).includes(603) && numbers(again).includes(604), `${numbers(again)}`)
        assert.notEqual(header(again.msg).mid, header(lost.msg).mid)
        assert.ok(
            optionValue(again.msg, OBSERVE).readUIntBE(0, optionValue(again.msg, OBSERVE).length) >
                optionValue(lost.msg, OBSERVE).readUIntBE(0, optionValue(lost.msg, OBSERVE).length)
        )
        assert.ok(again.at - lost.at >= 1900, `retransmitted after ${again.at - lost.at} ms`)
    } finally {
        o.close()
        await request(base.port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { notifyPingSeconds: PING_SECONDS },
        })
    }
})

test('an observer whose address is unproved gets no retransmissions: one unanswered notification drops it', async () => {
    const o = await rawObserver({ answer: 'none' })
    try {
        await wait(PING_SECONDS * 1000 * 4 + 3000)
        const notifications = o.received.filter(r => header(r.msg).type === 0)
        assert.equal(notifications.length, 1)
    } finally {
        o.close()
    }
})

test('an RST in reply to a notification cancels the observation (TD_COAP_OBS_06)', async () => {
    const o = await rawObserver({ answer: 'rst' })
    try {
        await wait(PING_SECONDS * 1000 + 800) // registration + first ping, answered with RST
        const count = o.received.length
        assert.ok(count >= 2)
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 402 } })
        await wait(PING_SECONDS * 1000 * 2)
        assert.equal(o.received.length, count)
    } finally {
        o.close()
    }
})

test('GET with Observe=1 deregisters and its response has no Observe option (TD_COAP_OBS_12)', async () => {
    const o = await rawObserver({ path: ['v1', 'sessions'] })
    try {
        await wait(500)
        assert.ok(optionValue(o.received[0].msg, OBSERVE) !== undefined)
        o.deregister()
        await wait(500)
        const last = o.received[o.received.length - 1].msg
        assert.equal(header(last).code, '2.05')
        assert.equal(optionValue(last, OBSERVE), undefined)
        const count = o.received.length
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 403 } })
        await wait(1000)
        assert.equal(o.received.length, count)
    } finally {
        o.close()
    }
})

test('Observe sequence numbers increase and every notification carries the registration token', async () => {
    const token = Buffer.from([1, 2, 3, 4])
    const o = await rawObserver({ token })
    try {
        await wait(PING_SECONDS * 1000 * 2 + 500)
        const values = o.received.map(r => r.msg).filter(m => header(m).code === '2.05')
        assert.ok(values.length >= 3)
        for (const m of values) assert.deepEqual(m.subarray(4, 8), token)
        const seq = values.map(m => optionValue(m, OBSERVE).reduce((n, b) => n * 256 + b, 0))
        for (let i = 1; i < seq.length; i++) assert.ok(seq[i] > seq[i - 1], `${seq}`)
    } finally {
        o.close()
    }
})

test('the observer table stays at its size under 100 registrations from distinct ports; the rest get no Observe', async () => {
    // Fresh base: no observers left over from the tests above.
    const own = await startBase()
    const sockets = []
    try {
        const replies = []
        for (let i = 0; i < 100; i++) {
            const socket = dgram.createSocket('udp4')
            sockets.push(socket)
            socket.on('message', msg => {
                if (header(msg).type === 2) replies.push(msg)
                else if (header(msg).type === 0)
                    socket.send(Buffer.from([0x60, 0, msg[2], msg[3]]), own.port, '127.0.0.1')
            })
            await new Promise(r => socket.bind(0, '127.0.0.1', r))
            // One at a time, each awaited (bounded): the test is about the table, not the receive queue.
            const answered = replies.length
            socket.send(
                message({
                    mid: i,
                    token: Buffer.from([i]),
                    options: [
                        [OBSERVE, ''],
                        [11, 'v1'],
                        [11, 'sessions'],
                    ],
                }),
                own.port,
                '127.0.0.1'
            )
            for (let t = 0; t < 100 && replies.length === answered; t++) await wait(10)
        }
        await wait(3000)
        assert.equal(replies.length, 100)
        const registered = replies.filter(m => optionValue(m, OBSERVE) !== undefined).length
        assert.equal(registered, 4) // README: a table of 4 observers
        assert.ok(
            replies.every(m => header(m).code === '2.05' && payloadOf(m).startsWith('{"responseTypes":["sessions"'))
        )
    } finally {
        sockets.forEach(s => s.close())
        await own.stop()
    }
})

test('a plain GET with another token does not cancel an observation (TD_COAP_OBS_10)', async () => {
    const o = await rawObserver({ path: ['v1', 'sessions'], token: Buffer.from([7]) })
    try {
        await wait(300)
        await request(base.port, { pathname: '/v1/sessions' })
        const changedAt = Date.now()
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 404 } })
        await wait(800)
        // /v1/sessions sends no pings: a confirmable message after the change is its notification.
        const notes = o.received.filter(r => header(r.msg).type === 0 && r.at >= changedAt)
        assert.equal(notes.length, 1)
        assert.ok(payloadOf(notes[0].msg).startsWith('{"responseTypes":["sessions","statistics"]'))
    } finally {
        o.close()
    }
})
