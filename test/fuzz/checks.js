'use strict'
// What must hold after fuzzing: the VM did not restart or panic, the tables agree with each other (sessions listed
// = active count in /v1/status, ids and numbers unique, statistics consistent), and a scripted sequence of valid
// requests still gets exactly the answers the API reference and the README define.

const { openPeer, snapshot, vmTrouble, sleep } = require('../reliability/lib')
const { request } = require('../e2e/harness')

const DEFAULTS = {
    systemId: 0,
    defaultTargetGoal: 300,
    statisticsClearMark: 24,
    notifyPingSeconds: 30,
    radioProtocol: 'retekess-t112',
    radioRepeats: 1,
    radioCarrierHz: 0,
}

/** Consistency of one snapshot; returns a list of problems. */
function consistency(s) {
    const problems = []
    const expect = (ok, text) => ok || problems.push(text)
    const active = s.sessions.sessions
    const history = s.history.session_history
    const st = s.status.status
    expect(Array.isArray(active) && Array.isArray(history), 'sessions and history are arrays')
    expect(
        active.length === st.sessions.active,
        `sessions listed ${active.length} != active ${st.sessions.active} in /v1/status`
    )
    expect(
        history.length === st.sessions.history,
        `history listed ${history.length} != ${st.sessions.history} in /v1/status`
    )
    expect(
        active.length + history.length <= st.sessions.capacity,
        `active + history ${active.length + history.length} > capacity ${st.sessions.capacity}`
    )
    for (const x of active)
        expect(x.state === 'started' || x.state === 'paged', `active session ${x.id} in state ${x.state}`)
    for (const x of active)
        expect(
            (x.state === 'paged') === (x.notified !== undefined),
            `session ${x.id}: state ${x.state} but notified ${x.notified}`
        )
    for (const x of history)
        expect(x.clearType === 'STOP' || x.clearType === 'REMOVED', `history ${x.id} clearType ${x.clearType}`)
    for (const x of history)
        expect(typeof x.cleared === 'string', `history entry without cleared: ${JSON.stringify(x)}`)
    const numbers = active.map(x => x.number)
    expect(new Set(numbers).size === numbers.length, `two active sessions share a number: ${numbers}`)
    const ids = [...active, ...history].map(x => x.id)
    expect(new Set(ids).size === ids.length, `ids repeat: ${ids}`)
    const uuids = [...active, ...history].map(x => x.uuid)
    expect(new Set(uuids).size === uuids.length, 'uuids repeat')
    const g = s.sessions.globalSessionSequence
    for (const x of active) expect(x.sessionSequence <= g, `sessionSequence ${x.sessionSequence} > global ${g}`)
    for (const x of active) expect(Buffer.byteLength(x.label || '') <= 32, `label over 32 bytes: ${x.label}`)
    const stats = s.statistics.statistics
    expect(
        JSON.stringify(stats) === JSON.stringify(s.sessions.statistics),
        'statistics differ between /v1/sessions and /v1/sessions/statistics'
    )
    expect(
        stats.guestsServed === 0
            ? stats.percentLate === 0 && stats.percentOnTime === 0
            : stats.percentLate + stats.percentOnTime === 100,
        `percentages ${stats.percentLate} + ${stats.percentOnTime}`
    )
    expect(stats.percentLate >= 0 && stats.percentLate <= 100, 'percentLate in 0..100')
    expect(stats.numSessions >= 0 && stats.guestsServed >= 0 && stats.averageTimeServed >= 0, 'counters non-negative')
    expect(Number.isInteger(stats.averageTimeServed), 'averageTimeServed is whole seconds')
    // Ids are given one per creation and never reused, so the creations counted since the last reset cannot
    // exceed the highest id seen.
    if (ids.length)
        expect(
            stats.numSessions <= Math.max(...ids),
            `numSessions ${stats.numSessions} > highest id ${Math.max(...ids)}`
        )
    return problems
}

/** The scripted check: known settings, an empty ring, three sessions, one paged, one cleared. */
async function scripted(peer, before) {
    const problems = []
    const expect = (ok, text) => ok || problems.push(text)
    // Noon, so no daily statistics reset (statisticsClearMark) falls inside the script.
    const settings = await peer.request({
        method: 'POST',
        path: '/v1/settings',
        body: { ...DEFAULTS, datetime: '2019-06-01T12:00:00' },
    })
    expect(settings.code === '2.04', `POST /v1/settings ${settings.code} ${settings.payload}`)
    if (settings.json)
        for (const [k, v] of Object.entries(DEFAULTS))
            expect(settings.json.settings[k] === v, `setting ${k} = ${settings.json.settings[k]}`)
    // Pages queued during fuzzing (perhaps with 10 repeats at 512 baud) go out first.
    for (let i = 0; i < 120; i++) {
        const st = (await peer.request({ path: '/v1/status' })).json.status
        if (st.radio.queued === 0) break
        await sleep(500)
    }
    for (const path of ['/v1/sessions', '/v1/sessions/history', '/v1/sessions/statistics']) {
        const r = await peer.request({ method: 'DELETE', path })
        expect(r.code === '2.02', `DELETE ${path}: ${r.code}`)
    }
    const empty = await peer.request({ path: '/v1/sessions' })
    expect(empty.code === '2.05' && empty.json.sessions.length === 0, `after DELETE: ${empty.payload}`)
    expect(
        JSON.stringify(empty.json.statistics) ===
            JSON.stringify({ guestsServed: 0, percentLate: 0, percentOnTime: 0, averageTimeServed: 0, numSessions: 0 }),
        `statistics after reset: ${JSON.stringify(empty.json.statistics)}`
    )
    const maxIdBefore = Math.max(
        0,
        ...before.sessions.sessions.map(x => x.id),
        ...before.history.session_history.map(x => x.id)
    )
    const created = []
    for (const [number, label] of [
        [101, 'Kim'],
        [102, 'Müller'],
        [103, null],
    ]) {
        const r = await peer.request({
            method: 'POST',
            path: '/v1/sessions',
            body: { number, label, partySize: 2, goal: 600 },
        })
        expect(r.code === '2.01', `POST session ${number}: ${r.code} ${r.payload}`)
        if (!r.json) continue
        const x = r.json.sessions[0]
        expect(
            x.number === number &&
                x.label === label &&
                x.partySize === 2 &&
                x.goalInSeconds === 600 &&
                x.state === 'started',
            `created ${JSON.stringify(x)}`
        )
        created.push(x)
    }
    for (let i = 0; i < created.length; i++)
        expect(
            created[i].id > (i ? created[i - 1].id : maxIdBefore),
            `ids increase: ${created.map(x => x.id)} after ${maxIdBefore}`
        )
    const paged = await peer.request({
        method: 'PUT',
        path: '/v1/sessions',
        query: 'number=102',
        body: { action: 'page' },
    })
    expect(
        paged.code === '2.04' && paged.json && paged.json.sessions[0].state === 'paged',
        `page 102: ${paged.code} ${paged.payload}`
    )
    const cleared = await peer.request({
        method: 'PUT',
        path: '/v1/sessions',
        query: 'number=103',
        body: { action: 'clear' },
    })
    expect(cleared.code === '2.04', `clear 103: ${cleared.code} ${cleared.payload}`)
    const after = await snapshot(peer)
    expect(
        after.sessions.sessions.map(x => [x.number, x.state]).join() === '101,started,102,paged',
        `active: ${JSON.stringify(after.sessions.sessions.map(x => [x.number, x.state]))}`
    )
    expect(
        after.history.session_history.map(x => [x.number, x.clearType]).join() === '103,STOP',
        `history: ${JSON.stringify(after.history.session_history)}`
    )
    const st = after.statistics.statistics
    expect(
        st.numSessions === 3 && st.guestsServed === 1 && st.percentOnTime === 100,
        `statistics ${JSON.stringify(st)}`
    )
    expect(
        after.sessions.globalSessionSequence > before.sessions.globalSessionSequence,
        'globalSessionSequence went on'
    )
    const one = await peer.request({ path: '/v1/sessions', query: 'number=101' })
    expect(one.code === '2.05' && one.json.sessions[0].label === 'Kim', `GET ?number=101: ${one.code} ${one.payload}`)
    problems.push(...consistency(after).map(p => `after the script: ${p}`))
    return problems
}

/** The brief's own checks, with a client nobody here wrote (node-coap follows Block2 itself). */
async function nodeCoapChecks(base) {
    const problems = []
    const expect = (ok, text) => ok || problems.push(text)
    const starts = (base.log().match(/^WASM> start: /gm) || []).length
    expect(starts === 1, `log has ${starts} "start:" lines (a restart)`)
    expect(!/PANIC|Exception/.test(base.log()), 'log shows PANIC or Exception')
    const settings = await request(base.port, { pathname: '/v1/settings' })
    expect(settings.code === '2.05' && settings.json && settings.json.settings, `GET /v1/settings: ${settings.code}`)
    const status = await request(base.port, { pathname: '/v1/status' })
    const list = await request(base.port, { pathname: '/v1/sessions' })
    expect(status.code === '2.05' && list.code === '2.05', `GET /v1/status ${status.code}, /v1/sessions ${list.code}`)
    if (status.json && list.json) {
        const active = status.json.status.sessions.active
        expect(
            active === list.json.sessions.length,
            `node-coap: status sessions.active ${active} != ${list.json.sessions.length} sessions listed`
        )
        // numSessions counts creations since the last statistics reset (DELETE /v1/sessions/statistics or the
        // daily mark, both of which the fuzzer can trigger), so it may be below the active count: see consistency().
    } else expect(false, `unparsable bodies: ${status.payload} / ${list.payload}`)
    return problems
}

/** Every check after a fuzz run; resolves with {problems, before}. */
async function checkAfterFuzz(base) {
    const problems = vmTrouble(base.log()).map(l => `log: ${l}`)
    problems.push(...(await nodeCoapChecks(base)))
    const peer = await openPeer(base.port)
    try {
        const before = await snapshot(peer)
        problems.push(...consistency(before))
        problems.push(...(await scripted(peer, before)))
        return { problems, before }
    } finally {
        peer.close()
    }
}

module.exports = { checkAfterFuzz, consistency }
