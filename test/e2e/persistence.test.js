'use strict'
// Settings and sessions live in the flash file: a restart on the same file keeps every session and the statistics.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request } = require('./harness')

test('a restart on the same flash file keeps sessions, history, statistics, settings and the sequence', async () => {
    let base = await startBase()
    const flash = base.flash
    try {
        await request(base.port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { datetime: '2019-06-01T18:00:00', systemId: 7, defaultTargetGoal: 900 },
        })
        await request(base.port, {
            method: 'POST',
            pathname: '/v1/sessions',
            body: { number: 3, label: 'Kim', partySize: 4, goal: 120 },
        })
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 4 } })
        await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 5, label: null } })
        await request(base.port, {
            method: 'PUT',
            pathname: '/v1/sessions',
            query: 'number=4',
            body: { action: 'page' },
        })
        await request(base.port, {
            method: 'PUT',
            pathname: '/v1/sessions',
            query: 'number=5',
            body: { action: 'remove' },
        })
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
        assert.deepEqual(
            sessions.json.sessions.map(s => [s.number, s.label, s.partySize, s.goalInSeconds, s.state]),
            [
                [3, 'Kim', 4, 120, 'started'],
                [4, null, 1, 900, 'paged'],
            ]
        )
        assert.deepEqual(
            history.json.session_history.map(s => [s.number, s.clearType]),
            [[5, 'REMOVED']]
        )
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

// Group commit (README "Power loss"): requests that arrive while a change is being written share the next commit,
// and none is answered before it. Sixteen host stands creating at once, a kill the moment the last answer is in:
// every acknowledged session must be back after the restart.
test(
    'changes answered together from one commit survive a kill right after the last answer',
    { timeout: 60000 },
    async () => {
        let base = await startBase()
        const flash = base.flash
        const numbers = Array.from({ length: 16 }, (_, i) => 200 + i)
        let acknowledged
        try {
            const answers = await Promise.all(
                numbers.map(number =>
                    request(base.port, {
                        method: 'POST',
                        pathname: '/v1/sessions',
                        body: { number, label: `Stand ${number}` },
                    })
                )
            )
            await base.kill()
            acknowledged = answers.filter(a => a.code === '2.01').map(a => a.json.sessions[0])
            assert.equal(acknowledged.length, numbers.length, answers.map(a => a.code).join(' '))
        } finally {
            await base.kill()
        }
        base = await startBase({ flash })
        try {
            const sessions = await request(base.port, { pathname: '/v1/sessions' })
            const back = new Map(sessions.json.sessions.map(s => [s.number, s]))
            for (const s of acknowledged)
                assert.deepEqual(
                    [back.get(s.number)?.id, back.get(s.number)?.uuid, back.get(s.number)?.label],
                    [s.id, s.uuid, s.label]
                )
            assert.equal(sessions.json.statistics.numSessions, numbers.length)
        } finally {
            await base.stop()
        }
    }
)
