'use strict'
// A busy night (issue 15): the largest ring, every slot in use with a 32-byte label, 128 guests in history and 128
// waiting. What grows with the ring must stay within one VM slice's opcodes (an InfiniteLoop panic restarts the
// base) and within the heap (an OutOfMemory restarts it too): a boot, the first list after it in every Block2 block
// (node-coap and coap-client-notls), /v1/notify?action=get_sessions, the history, 16 creates arriving at once, and a
// DELETE of every waiting guest. One client at a time; the same ring with every other table full too is the bench's
// memory probe of the busy night (README "Storage"), and test/reliability/limits.test.js runs it full in CI.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request, coapClient } = require('./harness')

const CAPACITY = 256
const HALF = CAPACITY / 2
/** 32 UTF-8 bytes, the longest label, one per pager number: a ring of 256 keeps 128 labels in RAM and reads the
 * others from flash (docs/storage.md "Labels in RAM"), and each must come back as its own session's. */
const labelOf = number => 'é'.repeat(14) + String(number).padStart(4, '0')
const labelled = sessions => sessions.every(s => s.label === labelOf(s.number))
const numbers = (from, count) => Array.from({ length: count }, (_, i) => from + i)

/** Creates pager `number`'s session. `retried`: a CoAP retransmission may meet the answer already sent (2.00). */
async function create(port, number, retried = false) {
    const r = await request(port, {
        method: 'POST',
        pathname: '/v1/sessions',
        body: { number, label: labelOf(number), partySize: 4 },
        timeoutMs: 20000,
    })
    assert.ok(r.code === '2.01' || (retried && r.code === '2.00'), `create ${number}: ${r.code} ${r.payload}`)
}

test(
    `a full ring of ${CAPACITY} long-labelled sessions: boot, lists, notify, a burst of creates, DELETE`,
    { timeout: 600000 },
    async () => {
        let base = await startBase()
        const flash = base.flash
        try {
            const set = await request(base.port, {
                method: 'POST',
                pathname: '/v1/settings',
                body: { sessionCapacity: CAPACITY },
            })
            assert.equal(set.code, '2.04')
        } finally {
            await base.stop()
        }
        base = await startBase({ flash })
        try {
            // HALF guests seated (in history), then HALF - 16 waiting, then 16 more at the same moment
            for (const n of numbers(100, HALF)) await create(base.port, n)
            for (const n of numbers(100, HALF)) {
                const r = await request(base.port, {
                    method: 'PUT',
                    pathname: '/v1/sessions',
                    query: `number=${n}`,
                    body: { action: 'clear' },
                })
                assert.equal(r.code, '2.04')
            }
            for (const n of numbers(300, HALF - 16)) await create(base.port, n)
            // (on a loaded machine the commit of a burst can outlast node-coap's 2 s retransmission timeout, and the
            // dedup table, bounded in bytes, may no longer hold the answer: the retransmission is then an update, 2.00)
            await Promise.all(numbers(500, 16).map(n => create(base.port, n, true)))
            // every slot holds a session now: the next one replaces the oldest in history
            await create(base.port, 700)
        } catch (e) {
            e.message += `\nbase log:\n${base.log().slice(-3000)}`
            throw e
        } finally {
            await base.stop()
        }

        base = await startBase({ flash })
        try {
            const list = await request(base.port, { pathname: '/v1/sessions', timeoutMs: 60000 })
            assert.equal(list.code, '2.05')
            assert.equal(list.json.sessions.length, HALF + 1)
            assert.ok(labelled(list.json.sessions))
            // in id order: the first ones, the burst in whatever order it arrived, the last one
            const order = list.json.sessions.map(s => s.number)
            assert.deepEqual(order.slice(0, HALF - 16), numbers(300, HALF - 16))
            assert.deepEqual(
                order.slice(HALF - 16, HALF).sort((a, b) => a - b),
                numbers(500, 16)
            )
            assert.equal(order[HALF], 700)
            const ids = list.json.sessions.map(s => s.id)
            assert.deepEqual(
                ids,
                [...ids].sort((a, b) => a - b)
            )

            const libcoap = await coapClient(
                ['-m', 'get', '-B', '60', `coap://127.0.0.1:${base.port}/v1/sessions`],
                60000
            )
            assert.equal(JSON.parse(libcoap.stdout).sessions.length, HALF + 1)
            assert.ok(labelled(JSON.parse(libcoap.stdout).sessions))

            const history = await request(base.port, { pathname: '/v1/sessions/history', timeoutMs: 60000 })
            assert.equal(history.json.session_history.length, HALF - 1)
            assert.deepEqual(
                history.json.session_history.map(s => s.number),
                numbers(101, HALF - 1)
            )
            assert.ok(labelled(history.json.session_history))

            const notify = await request(base.port, {
                pathname: '/v1/notify',
                query: 'action=get_sessions',
                timeoutMs: 60000,
            })
            assert.equal(notify.json.sessions.length, HALF + 1)

            const removed = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions', timeoutMs: 30000 })
            assert.equal(removed.code, '2.02')
            const after = await request(base.port, { pathname: '/v1/sessions' })
            assert.equal(after.json.sessions.length, 0)
            const all = await request(base.port, { pathname: '/v1/sessions/history', timeoutMs: 60000 })
            assert.equal(all.json.session_history.length, CAPACITY)
            assert.ok(labelled(all.json.session_history))
            // The page's HTTP side relays the same list whole (~58 KB, 57 blocks).
            const viaHttp = await fetch(new URL('/v1/sessions/history', base.httpUrl))
            assert.equal(viaHttp.status, 200)
            assert.deepEqual((await viaHttp.json()).session_history, all.json.session_history)
            assert.doesNotMatch(base.log(), /PANIC|Exception|not found in flash/)
        } catch (e) {
            e.message += `\nbase log:\n${base.log().slice(-3000)}`
            throw e
        } finally {
            await base.stop()
        }
    }
)
