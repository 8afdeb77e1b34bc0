'use strict'
// Settings and sessions live in the flash file: a restart on the same file keeps every session and the statistics.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request } = require('./harness')

test('a restart on the same flash file keeps sessions, history, statistics, settings and the sequence', async () => {
    let base = await startBase()
    const flash = base.flash
    try {
        await request(base.port, { method: 'POST', pathname: '/v1/settings', body: { datetime: '2019-06-01T18:00:00', systemId: 7, defaultTargetGoal: 900 } })
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 3, label: 'Kim', partySize: 4, goal: 120 } })
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 4 } })
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 5, label: null } })
        await request(base.port, { method: 'PUT', pathname: '/v1/sessions', query: 'number=4', body: { action: 'page' } })
        await request(base.port, { method: 'PUT', pathname: '/v1/sessions', query: 'number=5', body: { action: 'remove' } })
    } finally {
        await base.stop()
    }
    const before = { sessions: null, history: null, settings: null }
    base = await startBase({ flash })
    try {
        const sessions = await request(base.port, { pathname: '/v1/sessions' })
        const history = await request(base.port, { pathname: '/v1/sessions/history' })
        const settings = await request(base.port, { pathname: '/v1/settings' })
        before.sessions = sessions.json
        assert.deepEqual(sessions.json.sessions.map(s => [s.number, s.label, s.partySize, s.goalInSeconds, s.state]), [
            [3, 'Kim', 4, 120, 'started'],
            [4, null, 1, 900, 'paged'],
        ])
        assert.deepEqual(history.json.session_history.map(s => [s.number, s.clearType]), [[5, 'REMOVED']])
        assert.equal(sessions.json.statistics.numSessions, 3)
        assert.equal(sessions.json.statistics.guestsServed, 1)
        assert.equal(settings.json.settings.systemId, 7)
        assert.equal(settings.json.settings.defaultTargetGoal, 900)
        // The clock continues from where it was, not from 2000.
        assert.ok(settings.json.settings.datetime >= '2019-06-01T18:00:00', settings.json.settings.datetime)
        // New sessions continue the id and sequence counters.
        const created = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 6 } })
        const maxId = Math.max(...sessions.json.sessions.map(s => s.id), ...history.json.session_history.map(s => s.id))
        assert.equal(created.json.sessions[0].id > maxId, true)
        assert.equal(created.json.globalSessionSequence > sessions.json.globalSessionSequence, true)
    } finally {
        await base.stop()
    }
})
