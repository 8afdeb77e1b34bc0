'use strict'
// An upgrade from the hex storage layout (README "Storage"): a flash file written by the firmware before it
// (test/fixtures/make-hex-layout.js: 18 waiting guests, 6 in history, statistics) boots into the binary layout
// with every session, uuid, sequence and statistic as that firmware answered them, also when the power is cut
// at any point of the rewrite.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')
const { spawn } = require('node:child_process')
const { startBase, request, tempFlash, sleep } = require('./harness')
const { readSettings } = require('./fstor')
const { flashImage } = require('../../boards/sim/flash-file')

const FIXTURES = path.join(__dirname, '..', 'fixtures')
const before = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hex-layout-24.json'), 'utf-8'))
const START = path.join(__dirname, '..', '..', 'boards', 'sim', 'start.js')

function oldFlash() {
    const flash = tempFlash()
    fs.writeFileSync(flash, zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, 'hex-layout-24.flash.gz'))))
    return flash
}

/** Every field a session object carries, in a fixed order (the timestamp and firmware version aside). */
const fields = s =>
    JSON.stringify(s, [
        'id',
        'sessionSequence',
        'uuid',
        'number',
        'partySize',
        'goalInSeconds',
        'created',
        'started',
        'notified',
        'cleared',
        'label',
        'state',
        'clearType',
    ])

async function expectAsBefore(port) {
    const sessions = (await request(port, { pathname: '/v1/sessions' })).json
    const history = (await request(port, { pathname: '/v1/sessions/history' })).json
    assert.deepEqual(sessions.sessions.map(fields), before.sessions.sessions.map(fields))
    assert.deepEqual(history.session_history.map(fields), before.history.session_history.map(fields))
    assert.deepEqual(sessions.statistics, before.sessions.statistics)
    assert.equal(sessions.globalSessionSequence, before.sessions.globalSessionSequence)
    // the next session continues the ids
    const created = await request(port, { method: 'POST', pathname: '/v1/sessions', body: { number: 999 } })
    assert.equal(created.code, '2.01')
    assert.equal(created.json.sessions[0].id, before.statistics.statistics.numSessions + 1)
}

test(
    'a flash file of the hex layout boots with every session, uuid, sequence and statistic',
    { timeout: 120000 },
    async () => {
        const flash = oldFlash()
        let base = await startBase({ flash })
        try {
            await expectAsBefore(base.port)
        } finally {
            await base.stop()
        }
        assert.equal(before.sessions.sessions.length + before.history.session_history.length, 24)
    }
)

/**
 * How far the rewrite got in a flash file (with the save a kill interrupted): the ring's own keys still in the hex
 * layout, the groups written under their second keys ("ses<g>+"), and whether the one write that switches to them
 * (key "copies", docs/storage.md "Atomic commits") is there.
 */
function layouts(flash) {
    const { live } = readSettings(flashImage(flash))
    const hex = Object.keys(live).filter(k => /^:ses\d+$/.test(k) && live[k][0] === 0x22).length
    const second = Object.keys(live).filter(k => /^:ses\d+\+$/.test(k)).length
    return `${hex} hex / ${second} written / ${live[':copies'] ? 'switched' : 'not switched'}`
}

test('a power cut at any point of the rewrite loses nothing', { timeout: 300000 }, async t => {
    const flash = oldFlash()
    // Each run is killed a little later after the firmware says it starts the rewrite (the settings service
    // paces its writes: ~20 ms each), on the same flash file, so the kills land in it and after it.
    const seen = new Set()
    for (const ms of [0, 5, 10, 20, 30, 45, 60, 80, 100, 130, 160, 200, 260, 330, 400]) {
        const child = spawn(process.execPath, [START, '--port', '0', '--flash', flash], {
            stdio: ['ignore', 'pipe', 'ignore'],
        })
        let output = ''
        await new Promise(resolve => {
            const timer = setTimeout(resolve, 20000)
            child.stdout.on('data', chunk => {
                output += chunk
                if (/rewriting the ring|listening on/.test(output)) {
                    clearTimeout(timer)
                    resolve()
                }
            })
        })
        if (ms) await sleep(ms)
        child.kill('SIGKILL')
        await new Promise(r => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)))
        seen.add(layouts(flash))
        if (/listening on/.test(output)) break
    }
    t.diagnostic(`states after the kills: ${[...seen].join(', ')}`)
    // The kills found the rewrite under way at least once: groups written, not switched to (else this test would
    // prove nothing).
    assert.ok(
        [...seen].some(l => !/ 0 written/.test(l) && /not switched/.test(l)),
        [...seen].join(', ')
    )
    const base = await startBase({ flash })
    try {
        await expectAsBefore(base.port)
    } finally {
        await base.stop()
    }
})
