'use strict'
// The T7470 guest-sessions API end to end: the real firmware in the simulator, driven by node-coap.
// Expected values come from docs/api.md and the requests themselves, not from the firmware's output.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const coap = require('coap')
const { startBase, request } = require('./harness')

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
let base

before(async () => {
    base = await startBase()
    // A known clock, so timestamps can be checked.
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { datetime: '2018-03-15T11:55:20' },
    })
    assert.equal(res.code, '2.04')
})
after(() => base && base.stop())

function checkEnvelope(json, types) {
    assert.deepEqual(json.responseTypes, types)
    assert.equal(typeof json.globalSessionSequence, 'number')
    assert.match(json.timestamp, ISO)
    assert.equal(json.deviceName, 'T7470') // the default name, what the T7470's own answers carry (README "Finding the base")
    assert.equal(typeof json.firmwareVersion, 'string')
}

test('the seed document request creates a session (2.01) and a second one answers 2.00 "already exists"', async () => {
    // The T7470 documentation's node-coap example, unchanged but for host and port.
    const send = () =>
        new Promise((resolve, reject) => {
            let req = coap.request({
                host: '127.0.0.1',
                port: base.port,
                pathname: '/v1/sessions',
                method: 'POST',
                options: {
                    'Content-Format': 'application/json',
                },
            })
            req.on('response', res => {
                let json = JSON.parse(res.payload.toString('utf-8'))
                resolve({ code: res.code, json })
            })
            req.on('error', reject)
            req.write(
                JSON.stringify({
                    number: 66,
                    label: 'Yuri.',
                    partySize: 3,
                    goal: 200,
                })
            )
            req.end()
        })
    const first = await send()
    assert.equal(first.code, '2.01')
    checkEnvelope(first.json, ['sessions', 'statistics'])
    const s = first.json.sessions[0]
    assert.equal(first.json.sessions.length, 1)
    assert.equal(s.number, 66)
    assert.equal(s.label, 'Yuri.')
    assert.equal(s.partySize, 3)
    assert.equal(s.goalInSeconds, 200)
    assert.equal(s.state, 'started')
    assert.match(s.uuid, UUID4)
    assert.match(s.created, ISO)
    assert.equal(s.started, s.created)
    assert.equal(s.notified, undefined)
    assert.equal(s.sessionSequence, first.json.globalSessionSequence)
    const second = await send()
    assert.equal(second.code, '2.00')
    assert.equal(second.json.sessions[0].id, s.id)
})

test('create uses defaults: goal from settings, partySize 1, label null', async () => {
    const settings = await request(base.port, { pathname: '/v1/settings' })
    const res = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 11 } })
    assert.equal(res.code, '2.01')
    const s = res.json.sessions[0]
    assert.equal(s.goalInSeconds, settings.json.settings.defaultTargetGoal)
    assert.equal(s.partySize, 1)
    assert.equal(s.label, null)
})

test('GET one session by number, and 4.04 with a JSON body for an unknown number', async () => {
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 12, label: 'Ana' } })
    const one = await request(base.port, { pathname: '/v1/sessions', query: 'number=12' })
    assert.equal(one.code, '2.05')
    checkEnvelope(one.json, ['sessions'])
    assert.equal(one.json.statistics, undefined)
    assert.equal(one.json.sessions[0].label, 'Ana')
    const missing = await request(base.port, { pathname: '/v1/sessions', query: 'number=4321' })
    assert.equal(missing.code, '4.04')
    assert.equal(missing.json.field, 'number')
    assert.equal(typeof missing.json.error, 'string')
})

test('PUT updates fields (2.04), pages (notified set, statistics count the guest) and clears to history', async () => {
    const created = await request(base.port, {
        method: 'POST',
        pathname: '/v1/sessions',
        body: { number: 21, goal: 600, partySize: 2 },
    })
    const servedBefore = created.json.statistics.guestsServed
    const upd = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=21',
        body: { label: 'Table by the window', partySize: 5 },
    })
    assert.equal(upd.code, '2.04')
    assert.equal(upd.json.sessions[0].label, 'Table by the window')
    assert.equal(upd.json.sessions[0].partySize, 5)
    assert.equal(upd.json.sessions[0].goalInSeconds, 600)

    const paged = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=21',
        body: { action: 'page', pageMode: 'Flash30Sec' },
    })
    assert.equal(paged.code, '2.04')
    assert.equal(paged.json.sessions[0].state, 'paged')
    assert.match(paged.json.sessions[0].notified, ISO)
    assert.equal(paged.json.statistics.guestsServed, servedBefore + 1)

    const cleared = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=21',
        body: { action: 'clear' },
    })
    assert.equal(cleared.code, '2.04')
    assert.equal(cleared.json.sessions[0].state, 'cleared')
    const gone = await request(base.port, { pathname: '/v1/sessions', query: 'number=21' })
    assert.equal(gone.code, '4.04')
    const history = await request(base.port, { pathname: '/v1/sessions/history' })
    assert.equal(history.code, '2.05')
    checkEnvelope(history.json, ['session_history'])
    const entry = history.json.session_history.find(h => h.id === created.json.sessions[0].id)
    assert.equal(entry.clearType, 'STOP')
    assert.match(entry.cleared, ISO)
    assert.equal(entry.notified, paged.json.sessions[0].notified)
})

test('DELETE by number removes to history as REMOVED (2.02, no payload); PUT of an unknown number is 4.04', async () => {
    const created = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 31 } })
    const del = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions', query: 'number=31' })
    assert.equal(del.code, '2.02')
    assert.equal(del.payload.length, 0)
    const history = await request(base.port, { pathname: '/v1/sessions/history' })
    const entry = history.json.session_history.find(h => h.id === created.json.sessions[0].id)
    assert.equal(entry.clearType, 'REMOVED')
    const put = await request(base.port, { method: 'PUT', pathname: '/v1/sessions', query: 'number=31', body: {} })
    assert.equal(put.code, '4.04')
})

test('GET /v1/sessions carries an ETag: 2.03 without payload while unchanged, 2.05 with a new ETag after a change', async () => {
    const first = await request(base.port, { pathname: '/v1/sessions' })
    assert.equal(first.code, '2.05')
    checkEnvelope(first.json, ['sessions', 'statistics'])
    const etag = first.options.find(o => o.name === 'ETag').value
    const again = await request(base.port, { pathname: '/v1/sessions', options: { ETag: etag } })
    assert.equal(again.code, '2.03')
    assert.equal(again.payload.length, 0)
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 41 } })
    const changed = await request(base.port, { pathname: '/v1/sessions', options: { ETag: etag } })
    assert.equal(changed.code, '2.05')
    const newTag = changed.options.find(o => o.name === 'ETag').value
    assert.notDeepEqual(newTag, etag)
    assert.ok(changed.json.sessions.some(s => s.number === 41))
    assert.equal(changed.json.globalSessionSequence > first.json.globalSessionSequence, true)
})

test('statistics: GET gives the figures, DELETE resets them (2.02)', async () => {
    const stats = await request(base.port, { pathname: '/v1/sessions/statistics' })
    assert.equal(stats.code, '2.05')
    checkEnvelope(stats.json, ['statistics'])
    for (const k of ['guestsServed', 'percentLate', 'percentOnTime', 'averageTimeServed', 'numSessions'])
        assert.equal(Number.isInteger(stats.json.statistics[k]), true, k)
    assert.ok(stats.json.statistics.numSessions > 0)
    const del = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions/statistics' })
    assert.equal(del.code, '2.02')
    const after = await request(base.port, { pathname: '/v1/sessions/statistics' })
    assert.deepEqual(after.json.statistics, {
        guestsServed: 0,
        percentLate: 0,
        percentOnTime: 0,
        averageTimeServed: 0,
        numSessions: 0,
    })
})

test('settings: POST a subset (2.04) is applied and kept; bad values are 4.00 naming the field and change nothing', async () => {
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { systemId: 5, defaultTargetGoal: 420, statisticsClearMark: 3 },
    })
    assert.equal(res.code, '2.04')
    checkEnvelope(res.json, ['settings'])
    assert.equal(res.json.settings.systemId, 5)
    assert.equal(res.json.settings.defaultTargetGoal, 420)
    assert.equal(res.json.settings.statisticsClearMark, 3)
    const bad = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { systemId: 6, statisticsClearMark: 25 },
    })
    assert.equal(bad.code, '4.00')
    assert.equal(bad.json.field, 'statisticsClearMark')
    const now = await request(base.port, { pathname: '/v1/settings' })
    assert.equal(now.json.settings.systemId, 5)
    assert.equal(now.json.settings.statisticsClearMark, 3)
})

test('the datetime setting drives every timestamp', async () => {
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { datetime: '2024-02-29T23:59:58' },
    })
    assert.equal(res.code, '2.04')
    assert.ok(['2024-02-29T23:59:58', '2024-02-29T23:59:59'].includes(res.json.timestamp))
    const created = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 51 } })
    assert.ok(created.json.sessions[0].created.startsWith('2024-'), created.json.sessions[0].created)
})

test('POST /v1/page accepts a standalone page (2.04)', async () => {
    const res = await request(base.port, { method: 'POST', pathname: '/v1/page', body: { number: 66, systemId: 3 } })
    assert.equal(res.code, '2.04')
    assert.equal(res.json.page.number, 66)
    assert.equal(res.json.page.systemId, 3)
})

test('bad input of every kind gets a clear 4.00 with a JSON body and changes nothing', async () => {
    const before = await request(base.port, { pathname: '/v1/sessions' })
    const cases = [
        [{ method: 'POST', pathname: '/v1/sessions', body: {} }, 'number'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: -1 } }, 'number'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 1.5 } }, 'number'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: '7' } }, 'number'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, goal: 'soon' } }, 'goal'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, partySize: 0 } }, 'partySize'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, label: 'x'.repeat(33) } }, 'label'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, label: 5 } }, 'label'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, action: 'dance' } }, 'action'],
        [{ method: 'POST', pathname: '/v1/sessions', body: { number: 7, colour: 'red' } }, 'colour'],
        [{ method: 'POST', pathname: '/v1/sessions', body: '{"number":7' }, null],
        [{ method: 'POST', pathname: '/v1/sessions', body: '[7]' }, null],
        [{ method: 'PUT', pathname: '/v1/sessions', query: 'number=x', body: {} }, 'number'],
        [{ method: 'PUT', pathname: '/v1/sessions', body: { number: 41 } }, 'number'],
        [{ method: 'GET', pathname: '/v1/sessions', query: 'nummer=41' }, 'nummer'],
        [{ method: 'POST', pathname: '/v1/page', body: { pageMode: 'Flash30Sec' } }, 'number'],
        [{ method: 'POST', pathname: '/v1/settings', body: { datetime: '2018-02-30T10:00:00' } }, 'datetime'],
        [{ method: 'POST', pathname: '/v1/settings', body: { defaultTargetGoal: -5 } }, 'defaultTargetGoal'],
    ]
    for (const [req, field] of cases) {
        const res = await request(base.port, req)
        const what = `${req.method} ${req.pathname}?${req.query || ''} ${JSON.stringify(req.body)}`
        assert.equal(res.code, '4.00', what)
        assert.equal(typeof res.json.error, 'string', what)
        if (field) assert.equal(res.json.field, field, what)
    }
    const after = await request(base.port, { pathname: '/v1/sessions' })
    assert.equal(after.json.globalSessionSequence, before.json.globalSessionSequence)
    assert.deepEqual(after.json.sessions, before.json.sessions)
    assert.deepEqual(after.json.statistics, before.json.statistics)
})

test('DELETE /v1/sessions removes every active session; DELETE history empties the history', async () => {
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 61 } })
    const del = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions' })
    assert.equal(del.code, '2.02')
    const list = await request(base.port, { pathname: '/v1/sessions' })
    assert.deepEqual(list.json.sessions, [])
    const delHistory = await request(base.port, { method: 'DELETE', pathname: '/v1/sessions/history' })
    assert.equal(delHistory.code, '2.02')
    assert.equal(delHistory.payload.length, 0)
    const history = await request(base.port, { pathname: '/v1/sessions/history' })
    assert.deepEqual(history.json.session_history, [])
})
