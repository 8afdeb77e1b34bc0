'use strict'
// Reference implementation of the same T7470 endpoints, written plainly with node-coap: what an integrator would
// otherwise run on a Raspberry Pi. Same JSON shapes and codes as the firmware, state in memory only (no flash),
// the same ring size as the firmware's default (the oldest finished session leaves the history when a slot is needed), the same ETag
// (globalSessionSequence) on the sessions list and history, and a 20-page transmit queue that drains at a fixed
// airtime per page (so "page" answers 5.03 under the same load as the firmware's radio queue).
// With --durable <file>, a request that changed something is answered only once the whole state is in that file
// (written to a temporary file, fsync'd, renamed over it): the firmware's guarantee (nothing acknowledged is lost on
// a power cut), as plainly as an integrator would give it on a Raspberry Pi.
//   node bench/reference/server.js [--port 0] [--capacity <DEFAULT_CAPACITY of src/limits.ts>] [--page-airtime-ms 0] [--durable <file>]
// Prints "reference listening on udp://127.0.0.1:<port>".

const coap = require('coap')
const crypto = require('node:crypto')
const fs = require('node:fs')
const { parseArgs } = require('node:util')
const { shippedConstant } = require('../lib/variant')

const DEVICE = { deviceName: 'pagerbase-reference', firmwareVersion: 'node-coap' }
const QUEUE = 20
/** The firmware's default ring, read from its source so the two cannot drift apart. */
const DEFAULT_CAPACITY = shippedConstant('src/limits.ts', 'DEFAULT_CAPACITY')

function createReference({ capacity = DEFAULT_CAPACITY, pageAirtimeMs = 0, durable = null } = {}) {
    const ring = [] // session objects; length <= capacity
    const stats = { guestsServed: 0, late: 0, onTime: 0, servedSeconds: 0, numSessions: 0 }
    let sequence = 0
    let nextId = 1
    let queued = 0
    const epoch0 = Date.UTC(2000, 0, 1) / 1000
    const boot = Date.now()
    const now = () => epoch0 + Math.floor((Date.now() - boot) / 1000)
    const iso = t => new Date(t * 1000).toISOString().slice(0, 19)

    const active = () => ring.filter(s => !s.cleared).sort((a, b) => a.id - b.id)
    const history = () => ring.filter(s => s.cleared).sort((a, b) => a.id - b.id)
    const findActive = n => ring.find(s => !s.cleared && s.number === n)

    function statisticsJson() {
        const served = stats.guestsServed
        return {
            guestsServed: served,
            percentLate: served ? Math.round((100 * stats.late) / served) : 0,
            percentOnTime: served ? Math.round((100 * stats.onTime) / served) : 0,
            averageTimeServed: served ? Math.round(stats.servedSeconds / served) : 0,
            numSessions: stats.numSessions,
        }
    }
    function sessionJson(s) {
        const o = {
            id: s.id,
            sessionSequence: s.sequence,
            uuid: s.uuid,
            number: s.number,
            partySize: s.partySize,
            goalInSeconds: s.goal,
            created: iso(s.created),
            started: iso(s.created),
        }
        if (s.notified) o.notified = iso(s.notified)
        if (s.cleared) o.cleared = iso(s.cleared)
        o.label = s.label
        o.state = s.cleared ? 'cleared' : s.notified ? 'paged' : 'started'
        if (s.clearType) o.clearType = s.clearType
        return o
    }
    function envelope(types, fields) {
        return JSON.stringify({
            responseTypes: types,
            globalSessionSequence: sequence,
            timestamp: iso(now()),
            ...DEVICE,
            ...fields,
        })
    }
    // node-coap hands the request's ETag over as a string, so the natural ETag is text: 8 hex digits.
    function etagOf(seq) {
        return (seq >>> 0).toString(16).padStart(8, '0')
    }
    function changed(s) {
        sequence++
        s.sequence = sequence
    }
    let savedSequence = 0
    /** Every change so far in the --durable file before an answer goes out. */
    function save() {
        if (!durable || savedSequence === sequence) return
        const tmp = durable + '.tmp'
        const fd = fs.openSync(tmp, 'w')
        fs.writeSync(fd, JSON.stringify({ ring, stats, sequence, nextId }))
        fs.fsyncSync(fd)
        fs.closeSync(fd)
        fs.renameSync(tmp, durable)
        savedSequence = sequence
    }
    function reply(res, code, body, etag) {
        save()
        res.code = code
        if (etag) res.setOption('ETag', etag)
        if (body !== undefined) {
            res.setOption('Content-Format', 'application/json')
            res.end(body)
        } else res.end()
    }
    function error(res, code, message, field) {
        reply(res, code, JSON.stringify(field ? { error: message, field } : { error: message }))
    }
    function sessionsView(list) {
        return { statistics: statisticsJson(), sessions: list.map(sessionJson) }
    }
    function parseBody(req) {
        try {
            const o = JSON.parse(req.payload.toString('utf-8') || '{}')
            return o && typeof o === 'object' && !Array.isArray(o) ? o : null
        } catch {
            return null
        }
    }
    function queryNumber(req) {
        const q = new URLSearchParams(req.url.split('?')[1] || '')
        if (!q.has('number')) return null
        const n = Number(q.get('number'))
        return Number.isInteger(n) && n >= 0 ? n : -1
    }
    function page() {
        if (queued >= QUEUE) return false
        queued++
        if (queued === 1) drainSoon()
        return true
    }
    function drainSoon() {
        setTimeout(() => {
            queued--
            if (queued > 0) drainSoon()
        }, pageAirtimeMs)
    }
    function finish(s, removed) {
        s.cleared = now()
        s.clearType = removed ? 'REMOVED' : 'STOP'
        changed(s)
    }
    function create(body) {
        let slot = ring.length < capacity ? ring.length : -1
        if (slot < 0) {
            const done = history()
            if (!done.length) return null
            slot = ring.indexOf(done[0])
        }
        const s = {
            id: nextId++,
            uuid: crypto.randomUUID(),
            number: body.number,
            partySize: body.partySize || 1,
            goal: body.goal === undefined ? 300 : body.goal,
            label: body.label === undefined ? null : body.label,
            created: now(),
            notified: 0,
            cleared: 0,
            clearType: null,
            sequence: 0,
        }
        ring[slot] = s
        stats.numSessions++
        changed(s)
        return s
    }
    function markPaged(s) {
        if (!s.notified) {
            s.notified = now()
            const wait = s.notified - s.created
            stats.guestsServed++
            stats.servedSeconds += wait
            if (wait > s.goal) stats.late++
            else stats.onTime++
        }
        changed(s)
    }

    function sessions(req, res) {
        const number = queryNumber(req)
        if (number === -1) return error(res, '4.00', 'must be a non-negative integer', 'number')
        const s = number === null ? null : findActive(number)
        if (number !== null && !s) return error(res, '4.04', `no active session for pager ${number}`, 'number')
        if (req.method === 'GET') {
            if (s) return reply(res, '2.05', envelope(['sessions'], { sessions: [sessionJson(s)] }))
            const etag = etagOf(sequence)
            const asked = req.options.find(o => o.name === 'ETag')
            if (asked && asked.value === etag) return reply(res, '2.03', undefined, etag)
            return reply(res, '2.05', envelope(['sessions', 'statistics'], sessionsView(active())), etag)
        }
        if (req.method === 'DELETE') {
            if (s) finish(s, true)
            else for (const x of active()) finish(x, true)
            return reply(res, '2.02')
        }
        const body = parseBody(req)
        if (!body) return error(res, '4.00', 'body must be a JSON object', null)
        if (req.method === 'PUT' && !s) return error(res, '4.00', 'required', 'number')
        let target = s
        let code = req.method === 'POST' ? '2.00' : '2.04'
        if (req.method === 'POST') {
            if (!Number.isInteger(body.number) || body.number < 0 || body.number > 65535)
                return error(res, '4.00', 'must be an integer from 0 to 65535', 'number')
            target = findActive(body.number)
        }
        if (body.action === 'page' && queued >= QUEUE)
            return error(res, '5.03', `transmitter queue full (${QUEUE} pages), try again shortly`, null)
        if (!target) {
            if (body.action === 'clear' || body.action === 'remove')
                return error(res, '4.04', `no active session for pager ${body.number}`, 'number')
            target = create(body)
            if (!target) return error(res, '5.03', 'session store full: every slot holds an active session', null)
            code = '2.01'
        } else if (body.goal !== undefined || body.partySize !== undefined || body.label !== undefined) {
            if (body.goal !== undefined) target.goal = body.goal
            if (body.partySize !== undefined) target.partySize = body.partySize
            if (body.label !== undefined) target.label = body.label
            changed(target)
        }
        if (body.action === 'page') {
            page()
            markPaged(target)
        } else if (body.action === 'clear' || body.action === 'remove') finish(target, body.action === 'remove')
        return reply(res, code, envelope(['sessions', 'statistics'], sessionsView([target])))
    }

    function handle(req, res) {
        const path = req.url.split('?')[0].replace(/^\/+/, '')
        if (path === 'v1/sessions') return sessions(req, res)
        if (path === 'v1/sessions/history') {
            if (req.method === 'DELETE') {
                for (const s of history()) ring.splice(ring.indexOf(s), 1)
                sequence++
                return reply(res, '2.02')
            }
            if (req.method !== 'GET') return error(res, '4.05', 'method not allowed', null)
            const etag = etagOf(sequence)
            return reply(
                res,
                '2.05',
                envelope(['session_history'], { session_history: history().map(sessionJson) }),
                etag
            )
        }
        if (path === 'v1/sessions/statistics') {
            if (req.method === 'DELETE') {
                Object.assign(stats, { guestsServed: 0, late: 0, onTime: 0, servedSeconds: 0, numSessions: 0 })
                sequence++
                return reply(res, '2.02')
            }
            return reply(res, '2.05', envelope(['statistics'], { statistics: statisticsJson() }))
        }
        if (path === 'v1/page' && req.method === 'POST') {
            const body = parseBody(req)
            if (!body || !Number.isInteger(body.number)) return error(res, '4.00', 'required', 'number')
            if (!page()) return error(res, '5.03', `transmitter queue full (${QUEUE} pages), try again shortly`, null)
            return reply(
                res,
                '2.04',
                envelope(['page'], {
                    page: { number: body.number, systemId: 0, pageMode: 'Flash30Sec', message: null },
                })
            )
        }
        return error(res, '4.04', 'no such resource', null)
    }
    return handle
}

function main() {
    const { values } = parseArgs({
        options: {
            port: { type: 'string', default: '0' },
            capacity: { type: 'string', default: String(DEFAULT_CAPACITY) },
            'page-airtime-ms': { type: 'string', default: '0' },
            durable: { type: 'string' },
        },
    })
    const handle = createReference({
        capacity: Number(values.capacity),
        pageAirtimeMs: Number(values['page-airtime-ms']),
        durable: values.durable || null,
    })
    const server = coap.createServer({ type: 'udp4' })
    server.on('request', handle)
    server.on('error', e => {
        console.error(`reference: ${e.message}`)
        process.exit(1)
    })
    server.listen(Number(values.port), '127.0.0.1', () => {
        console.log(`reference listening on udp://127.0.0.1:${server._sock.address().port}`)
    })
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
}

if (require.main === module) main()
module.exports = { createReference }
