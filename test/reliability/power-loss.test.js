'use strict'
// Power loss: a client creates, pages, clears and removes sessions as fast as the base answers while the simulator
// is killed with SIGKILL at a random moment; the base restarts on the same flash file. Every change whose response
// the client received must be there (README "Reliability": written to flash before the response is sent); the one
// request in flight at the kill may or may not have taken effect. Statistics: numSessions and guestsServed at least
// what was acknowledged and at most what was sent. Each round starts from an empty history and reset statistics
// (both acknowledged, so both must survive too), so the ring never has to reuse a finished record.
// KILL_POINTS (default 8) rounds; the seed is printed (POWER_SEED to repeat).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase } = require('../e2e/harness')
const { openPeer, vmTrouble, sleep } = require('./lib')
const { prng } = require('../fuzz/generate')

const KILL_POINTS = Number(process.env.KILL_POINTS || 8)
const SEED = process.env.POWER_SEED !== undefined ? Number(process.env.POWER_SEED) >>> 0 : (Date.now() % 2 ** 31) >>> 0
const NUMBERS = [11, 12, 13, 14, 15, 16]

test(
    `${KILL_POINTS} kill points: every acknowledged change survives (seed ${SEED})`,
    { timeout: 60000 + KILL_POINTS * 25000 },
    async t => {
        const r = prng(SEED)
        let base = await startBase()
        const flash = base.flash
        /** number -> {id, label, partySize, state: 'started'|'paged'} of the active sessions the client knows. */
        let active = new Map()
        const report = []
        try {
            for (let round = 0; round < KILL_POINTS; round++) {
                const peer = await openPeer(base.port)
                // Start of round: forget history, reset statistics (acknowledged before the clock starts ticking).
                for (const path of ['/v1/sessions/history', '/v1/sessions/statistics'])
                    assert.equal((await peer.request({ method: 'DELETE', path })).code, '2.02')
                const acked = { created: 0, served: 0 }
                const sent = { created: 0, served: 0 }
                const finished = new Map() // id -> clearType, acknowledged
                let inFlight = null
                let stop = false
                const ops = []
                const client = (async () => {
                    // Stay below the default ring's records (src/limits.ts), so no finished record is reused within a round.
                    for (let i = 0; i < 40 && !stop && active.size + finished.size < 20; i++) {
                        const number = r.pick(NUMBERS)
                        const known = active.get(number)
                        let op
                        if (!known)
                            op = {
                                kind: 'create',
                                number,
                                req: {
                                    method: 'POST',
                                    path: '/v1/sessions',
                                    body: { number, label: `guest ${round}.${i} é`, partySize: r.int(1, 12) },
                                },
                            }
                        else {
                            const kind = r.pick(['page', 'page', 'clear', 'remove', 'delete'])
                            op =
                                kind === 'delete'
                                    ? {
                                          kind,
                                          number,
                                          req: { method: 'DELETE', path: '/v1/sessions', query: `number=${number}` },
                                      }
                                    : {
                                          kind,
                                          number,
                                          req: {
                                              method: 'PUT',
                                              path: '/v1/sessions',
                                              query: `number=${number}`,
                                              body: { action: kind },
                                          },
                                      }
                        }
                        inFlight = op
                        if (op.kind === 'create') sent.created++
                        if (op.kind === 'page' && known.state === 'started') sent.served++
                        let res
                        try {
                            res = await peer.request({ ...op.req, timeoutMs: 1500 })
                        } catch {
                            return // killed while waiting
                        }
                        if (stop) return // a reply racing the kill: treat as unacknowledged
                        inFlight = null
                        ops.push(`${op.kind} ${number} -> ${res.code}`)
                        if (op.kind === 'create') {
                            assert.equal(res.code, '2.01', res.payload)
                            const s = res.json.sessions[0]
                            active.set(number, { id: s.id, label: s.label, partySize: s.partySize, state: 'started' })
                            acked.created++
                        } else if (op.kind === 'page') {
                            if (res.code === '5.03') continue // transmitter queue full: nothing changed
                            assert.equal(res.code, '2.04', res.payload)
                            if (known.state === 'started') acked.served++
                            known.state = 'paged'
                        } else {
                            assert.equal(res.code, op.kind === 'delete' ? '2.02' : '2.04', res.payload)
                            active.delete(number)
                            finished.set(known.id, op.kind === 'clear' ? 'STOP' : 'REMOVED')
                        }
                    }
                })()
                const killAfter = r.int(5, 400)
                await Promise.race([sleep(killAfter), client])
                stop = true
                await base.kill()
                await client
                const uncertain = inFlight
                const trouble = vmTrouble(base.log())
                assert.deepEqual(trouble, [], 'no panic before the kill')

                base = await startBase({ flash })
                const check = await openPeer(base.port)
                const list = (await check.request({ path: '/v1/sessions' })).json
                const history = (await check.request({ path: '/v1/sessions/history' })).json.session_history
                check.close()
                peer.close()
                const where = `round ${round} (kill ${killAfter} ms after the round started, after ${ops.length} acknowledged requests: ${ops.slice(-3).join(', ')}; in flight: ${uncertain ? `${uncertain.kind} ${uncertain.number}` : 'nothing'})`
                const byNumber = new Map(list.sessions.map(s => [s.number, s]))
                for (const [number, want] of active) {
                    const got = byNumber.get(number)
                    const mayBeGone =
                        uncertain &&
                        uncertain.number === number &&
                        uncertain.kind !== 'create' &&
                        uncertain.kind !== 'page'
                    if (!got) {
                        assert.ok(mayBeGone, `${where}: acknowledged session ${number} (id ${want.id}) lost`)
                        active.delete(number)
                        continue
                    }
                    assert.equal(got.id, want.id, `${where}: session ${number} id`)
                    assert.equal(got.label, want.label, `${where}: session ${number} label`)
                    assert.equal(got.partySize, want.partySize, `${where}: session ${number} partySize`)
                    const mayBePaged = uncertain && uncertain.number === number && uncertain.kind === 'page'
                    if (!(mayBePaged && got.state === 'paged'))
                        assert.equal(got.state, want.state, `${where}: session ${number} state`)
                    want.state = got.state
                }
                // A session the client does not know of can only be the unacknowledged create.
                for (const s of list.sessions) {
                    if (active.has(s.number)) continue
                    assert.ok(
                        uncertain && uncertain.kind === 'create' && uncertain.number === s.number,
                        `${where}: unexpected session ${JSON.stringify(s)}`
                    )
                    active.set(s.number, { id: s.id, label: s.label, partySize: s.partySize, state: s.state })
                }
                const historyIds = new Map(history.map(h => [h.id, h.clearType]))
                for (const [id, clearType] of finished)
                    assert.equal(
                        historyIds.get(id),
                        clearType,
                        `${where}: finished session ${id} (${clearType}) not in history`
                    )
                const st = list.statistics
                assert.ok(
                    st.numSessions >= acked.created && st.numSessions <= sent.created,
                    `${where}: numSessions ${st.numSessions} not in ${acked.created}..${sent.created}`
                )
                assert.ok(
                    st.guestsServed >= acked.served && st.guestsServed <= sent.served,
                    `${where}: guestsServed ${st.guestsServed} not in ${acked.served}..${sent.served}`
                )
                report.push(
                    `round ${round}: kill at ${killAfter} ms after ${ops.length} acknowledged requests, in flight ${uncertain ? uncertain.kind : 'none'}; ${active.size} active, numSessions ${st.numSessions}`
                )
            }
        } finally {
            t.diagnostic(`seed ${SEED}\n${report.join('\n')}`)
            await base.kill()
        }
    }
)
