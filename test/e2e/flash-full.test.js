'use strict'
// A write the flash store cannot hold (docs/storage.md "A write the store refuses"): the base boots on a flash file
// whose settings area is nearly full of other keys, and is asked for more than fits. Every change it acknowledged
// must be in flash (a restart shows it), every change it refused (5.03 with a JSON error) must have changed nothing,
// and it must keep serving. The flash store is the runtime's own (jacdac-c fstor, compiled into the simulator):
// it drops a value it has no room for after a collection, without an error.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const { FLASH_KB, imageWith, liveSettings } = require('../../boards/sim/flash-size')
const { readSettings } = require('./fstor')
const { startBase, request, coapClient, tempFlash } = require('./harness')

const PAGE = 4096
/** The settings area: the header half of the store, total / 16 pages (docs/storage.md "Where it lives"). */
const HALF_BYTES = (FLASH_KB / 4 / 16) * PAGE
/** fstor: a 24-byte header, then 24-byte entries; each value rounded up to 8 bytes. */
const ENTRY_BYTES = 24
const FILLER_BYTES = 200
/** Room left for the base's own keys: a few sessions of 32-byte labels (~80 bytes each, README "Storage"). */
const ROOM_BYTES = 1600
/** Creates tried at most: far more than ROOM_BYTES holds. */
const CREATES_MAX = 60

/** A user setting's key field as the runtime stores it: ":" then the name, NUL-padded to 16 bytes. */
function keyField(name) {
    const key = Buffer.alloc(16)
    key.write(':' + name, 'latin1')
    return key
}

/** A fresh flash file whose settings area is full of other keys (as WiFi credentials would be) but `room` bytes. */
function nearlyFullFlash(room = ROOM_BYTES) {
    const fillers = Math.floor((HALF_BYTES - ENTRY_BYTES - room) / (ENTRY_BYTES + FILLER_BYTES))
    const settings = []
    for (let i = 0; i < fillers; i++)
        settings.push({ key: keyField('filler' + i), value: Buffer.alloc(FILLER_BYTES, i & 0xff) })
    const file = tempFlash()
    fs.writeFileSync(file, imageWith(settings, FLASH_KB))
    return { file, fillers }
}

/**
 * Drops the first filler key from the flash file, as an installer making room would: the simulator's runner deploys
 * the program into the same flash store at every start (an entry in the settings area), and a store left full by
 * the test may not have the 32 bytes it takes. Every other key keeps its latest value.
 */
function makeRoom(file) {
    const kept = liveSettings(fs.readFileSync(file)).filter(e => e.name !== ':filler0')
    fs.writeFileSync(file, imageWith(kept, FLASH_KB))
}

const label = n => `guest ${String(n).padStart(3, '0')} ........................`.slice(0, 32)
const summary = list => list.map(s => [s.number, s.uuid, s.label, s.state, s.sessionSequence])

test('a change the full flash store cannot hold is refused with 5.03 and changes nothing; nothing acknowledged is lost', async () => {
    const { file, fillers } = nearlyFullFlash(3400)
    let base = await startBase({ flash: file })
    const acknowledged = []
    let refused = null
    let before
    let ownAcknowledged
    try {
        for (let n = 1; n <= CREATES_MAX && !refused; n++) {
            const r = await request(base.port, {
                method: 'POST',
                pathname: '/v1/sessions',
                body: { number: n, label: label(n) },
            })
            if (r.code === '2.01') acknowledged.push(n)
            else refused = { n, r }
        }
        assert.ok(refused, `all ${CREATES_MAX} creates were acknowledged: the store was not full`)
        assert.ok(acknowledged.length >= 3, `only ${acknowledged.length} creates fitted`)
        assert.equal(refused.r.code, '5.03')
        assert.match(refused.r.json.error, /not saved/)

        // The refused session does not exist; the base keeps serving reads.
        const list = await request(base.port, { pathname: '/v1/sessions' })
        assert.equal(list.code, '2.05')
        assert.deepEqual(
            list.json.sessions.map(s => s.number),
            acknowledged
        )
        assert.equal(list.json.statistics.numSessions, acknowledged.length)
        const missing = await request(base.port, { pathname: '/v1/sessions', query: `number=${refused.n}` })
        assert.equal(missing.code, '4.04')
        before = list.json

        // A page, a settings change: refused as well, and the state is as it was.
        const page = await request(base.port, {
            method: 'PUT',
            pathname: '/v1/sessions',
            query: `number=${acknowledged[0]}`,
            body: { action: 'page' },
        })
        assert.equal(page.code, '5.03')
        const settings = await request(base.port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { systemId: 42, defaultTargetGoal: 1234 },
        })
        assert.equal(settings.code, '5.03')
        const after = await request(base.port, { pathname: '/v1/sessions' })
        assert.deepEqual(summary(after.json.sessions), summary(before.sessions))
        assert.equal(after.json.statistics.guestsServed, 0)
        const shown = await request(base.port, { pathname: '/v1/settings' })
        assert.equal(shown.json.settings.systemId, 0)
        assert.equal(shown.json.settings.defaultTargetGoal, 300)
        // A DELETE of every waiting guest: one value per group of sessions, all refused at once, none finished.
        const clearAll = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions' })
        assert.equal(clearAll.code, '5.03')
        assert.match(clearAll.json.error, /not saved/)
        const stillWaiting = await request(base.port, { pathname: '/v1/sessions' })
        assert.deepEqual(summary(stillWaiting.json.sessions), summary(before.sessions))
        // A settings change of two keys, each never stored before: both or neither.
        const both = await request(base.port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { sntpServer: '127.0.0.3', radioModule: 'sx1278' },
        })
        assert.ok(['5.03', '2.04'].includes(both.code), both.code)
        const afterBoth = (await request(base.port, { pathname: '/v1/settings' })).json.settings
        assert.deepEqual(
            [afterBoth.sntpServer, afterBoth.radioModule],
            both.code === '2.04' ? ['127.0.0.3', 'sx1278'] : ['0.0.0.0', 'ook']
        )
        assert.equal(both.code, '5.03', 'the two keys fitted: the store was not full')
        // Settings under keys of their own, never stored before, one key a request. The SNTP key (24 + 48 bytes) did
        // not fit the room left in this run, the radio module's (24 + 8) did: whichever way, a refusal leaves the
        // default and an acknowledgement the new value.
        const own = []
        for (const body of [{ sntpServer: '127.0.0.2', utcOffsetMinutes: 60 }, { radioModule: 'cc1101' }]) {
            const r = await request(base.port, { method: 'POST', pathname: '/v1/settings', body })
            assert.ok(['5.03', '2.04'].includes(r.code), r.code)
            own.push(r.code === '2.04')
        }
        assert.ok(own.includes(false), 'every settings key fitted: the store was not full')
        const kept = (await request(base.port, { pathname: '/v1/settings' })).json.settings
        assert.deepEqual(
            [kept.sntpServer, kept.utcOffsetMinutes, kept.radioModule],
            [own[0] ? '127.0.0.2' : '0.0.0.0', own[0] ? 60 : 0, own[1] ? 'cc1101' : 'ook']
        )
        ownAcknowledged = own

        // libcoap sees the same refusal (it prints an error response's code and body on stderr).
        const out = coapClient([
            '-m',
            'post',
            '-t',
            '50',
            '-e',
            JSON.stringify({ number: 900 }),
            `coap://127.0.0.1:${base.port}/v1/sessions`,
        ])
        const { stderr } = await out
        assert.match(stderr, /^5\.03 \{"error":"change not saved/)
    } finally {
        await base.stop()
    }

    // The other keys are all still there: the base overwrote none of them.
    const stored = readSettings(fs.readFileSync(file)).live
    for (let i = 0; i < fillers; i++) assert.equal(stored[':filler' + i].length, FILLER_BYTES)
    makeRoom(file)

    // After a restart: every acknowledged session, as it was acknowledged; nothing refused.
    base = await startBase({ flash: file })
    try {
        const list = await request(base.port, { pathname: '/v1/sessions' })
        assert.deepEqual(
            list.json.sessions.map(s => [s.number, s.uuid, s.label, s.state]),
            before.sessions.map(s => [s.number, s.uuid, s.label, s.state])
        )
        assert.equal(list.json.statistics.numSessions, acknowledged.length)
        const settings = (await request(base.port, { pathname: '/v1/settings' })).json.settings
        assert.equal(settings.radioModule, ownAcknowledged[1] ? 'cc1101' : 'ook')
        assert.equal(settings.utcOffsetMinutes, ownAcknowledged[0] ? 60 : 0)
    } finally {
        await base.stop()
    }
})

test('16 clients creating at once on a nearly full store: the base keeps exactly what it acknowledged, also after a restart', async () => {
    const CLIENTS = 16
    const ROUNDS = 6
    const { file } = nearlyFullFlash(2600)
    let base = await startBase({ flash: file })
    const acknowledged = []
    const refused = []
    let before
    try {
        // Each client its own pager numbers; the creates of one round go out together, so commits hold several.
        for (let round = 0; round < ROUNDS; round++) {
            const answers = await Promise.all(
                Array.from({ length: CLIENTS }, (_, c) => {
                    const number = 50 * c + round + 1
                    return request(base.port, {
                        method: 'POST',
                        pathname: '/v1/sessions',
                        body: { number, label: label(number) },
                        timeoutMs: 20000,
                    }).then(r => ({ number, r }))
                })
            )
            for (const { number, r } of answers) {
                if (r.code === '2.01') acknowledged.push(number)
                else {
                    assert.equal(r.code, '5.03', `create ${number}: ${r.code} ${r.payload}`)
                    assert.match(r.json.error, /not saved|cannot be saved now/)
                    refused.push(number)
                }
            }
        }
        assert.ok(refused.length > 0, 'no create was refused: the store was not full')
        assert.ok(acknowledged.length > 0, 'no create was acknowledged')
        const list = await request(base.port, { pathname: '/v1/sessions' })
        assert.equal(list.code, '2.05')
        before = list.json.sessions.map(s => [s.number, s.uuid, s.label])
        const listed = before.map(s => s[0])
        for (const n of acknowledged) assert.ok(listed.includes(n), `acknowledged ${n} is not listed`)
        // A commit may write some of its keys before the store drops one: a create whose key landed so is
        // acknowledged, not refused (src/coap/group-commit.ts), and nothing refused is kept.
        for (const n of listed)
            assert.ok(
                acknowledged.includes(n),
                `${n} is listed but was ${refused.includes(n) ? 'refused' : 'never asked for'}`
            )
        console.log(`${acknowledged.length} acknowledged, ${refused.length} refused`)
    } finally {
        await base.stop()
    }
    // After a restart the same sessions: what the base served after its reverts is what flash holds.
    makeRoom(file)
    base = await startBase({ flash: file })
    try {
        const list = await request(base.port, { pathname: '/v1/sessions' })
        assert.deepEqual(
            list.json.sessions.map(s => [s.number, s.uuid, s.label]),
            before
        )
    } finally {
        await base.stop()
    }
})
