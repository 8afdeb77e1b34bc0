'use strict'
// Raw-UDP CoAP load client. `clients` sockets (one CoAP endpoint each), each keeping `window` confirmable requests
// in flight ("lanes"). Every request has a unique MID on its socket and a unique 8-byte token; responses are matched
// by token only. A request unanswered after `timeoutMs` is counted lost and its lane moves on (no retransmission:
// a lost request is a figure, not something to wait for). Late answers are counted, never matched twice.
// Everything is bounded: the run stops sending at `durationMs`, and waits at most `timeoutMs` more for stragglers.
//
// Address proof (README, Reliability): a server that cuts a response for an unproved peer (the 10x amplification
// bound) offers an Echo option (RFC 9175); with `echo` on (the default) the client sends the last Echo value its
// socket received back on that socket's following requests, as a real client would, so after the first cut answer
// the peer is proved and gets full responses. Each client is one socket (one source port): the server's per-peer
// rate limit (50/s, burst 50) applies to each client as it would to one host stand.

const dgram = require('node:dgram')
const crypto = require('node:crypto')
const wire = require('./wire')

/** A socket's MIDs are never reused: it is replaced (new source port) after this many requests. */
const MIDS_PER_SOCKET = 60000
const SWEEP_MS = 20

/**
 * @param {object} o
 * @param {string} [o.host]
 * @param {number} o.port
 * @param {number} o.clients
 * @param {number} [o.window]       requests in flight per client
 * @param {number} o.durationMs     measured time
 * @param {number} [o.warmupMs]     time run first and not counted
 * @param {number} [o.timeoutMs]
 * @param {(lane: {client: number, slot: number, index: number}) => object} o.makeLane
 *        returns { next(): request|null, done(request, response): void } (see workloads.js)
 * @returns {Promise<object>} figures
 */
function runLoad(o) {
    const host = o.host || '127.0.0.1'
    const window = o.window || 1
    const timeoutMs = o.timeoutMs || 1000
    const warmupMs = o.warmupMs || 0
    const runId = crypto.randomBytes(4)
    const tails = new Map() // request tail cache: the same request bytes are built once
    let counter = 0
    const pending = new Map() // token counter -> entry
    const stats = newStats()
    let measuring = warmupMs === 0
    let sending = true
    let t0 = 0
    let tEnd = 0

    const clients = []
    for (let c = 0; c < o.clients; c++) {
        const client = { index: c, socket: null, mid: 0, used: 0, retired: [], echo: null }
        openSocket(client)
        clients.push(client)
    }

    function openSocket(client) {
        if (client.socket) client.retired.push(client.socket)
        const s = dgram.createSocket('udp4')
        s.on('message', onMessage)
        s.on('error', () => {})
        s.bind(0, '127.0.0.1')
        client.socket = s
        client.mid = crypto.randomInt(0, 0x10000)
        client.used = 0
        client.echo = null // a new source port is a new peer: its proof starts over
    }

    function tailOf(req, echo) {
        const key = req.key ? (echo ? `${req.key}|${echo.toString('hex')}` : req.key) : null
        if (key && tails.has(key)) return tails.get(key)
        const t = wire.requestTail(req, echo)
        if (key && tails.size < 10000) tails.set(key, t)
        return t
    }

    function send(lane) {
        if (!sending) return
        const req = lane.impl.next()
        if (!req) return
        // A paced lane (workloads.restaurantStand) says when its request is due.
        const wait = req.atMs ? req.atMs - Date.now() : 0
        if (wait > 0) setTimeout(() => transmit(lane, req), wait)
        else transmit(lane, req)
    }
    function transmit(lane, req) {
        if (!sending) return
        const client = clients[lane.client]
        if (client.used >= MIDS_PER_SOCKET) openSocket(client)
        client.used++
        client.mid = (client.mid + 1) & 0xffff
        const id = (counter = (counter + 1) >>> 0)
        const token = Buffer.alloc(8)
        runId.copy(token, 0)
        token.writeUInt32BE(id, 4)
        const echo = o.echo === false ? null : client.echo
        const bytes = wire.datagram(wire.TYPE_CON, wire.METHOD[req.method], client.mid, token, tailOf(req, echo))
        if (echo && measuring) stats.echoSent++
        const entry = {
            lane,
            req,
            sent: process.hrtime.bigint(),
            deadline: Date.now() + timeoutMs,
            measured: measuring,
        }
        pending.set(id, entry)
        client.socket.send(bytes, o.port, host)
        if (entry.measured) stats.sent++
    }

    function onMessage(msg, rinfo) {
        const res = wire.parseResponse(msg)
        if (!res || res.token.length !== 8 || !res.token.subarray(0, 4).equals(runId))
            return void (stats.foreign += measuring ? 1 : 0)
        const id = res.token.readUInt32BE(4)
        const entry = pending.get(id)
        if (!entry) return void (stats.late += measuring ? 1 : 0)
        if (res.type === wire.TYPE_ACK && res.code === 0) return // empty ACK: a separate response follows
        pending.delete(id)
        if (res.echo) {
            clients[entry.lane.client].echo = res.echo
            if (entry.measured) stats.echoOffered++
        }
        const us = Number(process.hrtime.bigint() - entry.sent) / 1000
        if (entry.measured) record(stats, entry.req, res, us)
        entry.lane.impl.done(entry.req, res, msg)
        send(entry.lane)
    }

    function sweep() {
        const now = Date.now()
        for (const [id, entry] of pending) {
            if (entry.deadline > now) continue
            pending.delete(id)
            if (entry.measured) {
                stats.lost++
                opStats(stats, entry.req.op).lost++
            }
            entry.lane.impl.done(entry.req, null, null)
            send(entry.lane)
        }
    }

    return new Promise(resolve => {
        const lanes = []
        const shared = o.shared || {} // state the lanes of one run share (e.g. the page budget)
        let ready = 0
        const start = () => {
            for (let c = 0; c < o.clients; c++)
                for (let w = 0; w < window; w++) {
                    const info = { client: c, slot: w, index: lanes.length, clients: o.clients, window, shared }
                    lanes.push({ client: c, impl: o.makeLane(info) })
                }
            const sweeper = setInterval(sweep, SWEEP_MS)
            const begin = () => {
                measuring = true
                t0 = Date.now()
                stats.cpuStart = process.cpuUsage()
            }
            if (warmupMs) setTimeout(begin, warmupMs)
            else begin()
            for (const lane of lanes) send(lane)
            setTimeout(() => {
                sending = false
                measuring = false
                tEnd = Date.now()
                stats.cpu = process.cpuUsage(stats.cpuStart)
                // Stragglers: wait at most timeoutMs for the last answers, then close everything.
                const waitUntil = Date.now() + timeoutMs + SWEEP_MS
                const finish = setInterval(() => {
                    if (pending.size > 0 && Date.now() < waitUntil) return
                    clearInterval(finish)
                    clearInterval(sweeper)
                    sweep()
                    for (const c of clients) for (const s of [c.socket, ...c.retired]) s.close()
                    resolve(summarize(stats, (tEnd - t0) / 1000, o, window, timeoutMs))
                }, SWEEP_MS)
            }, warmupMs + o.durationMs)
        }
        for (const c of clients)
            c.socket.once('listening', () => {
                if (++ready === clients.length) start()
            })
    })
}

function newStats() {
    return {
        sent: 0,
        answered: 0,
        lost: 0,
        late: 0,
        foreign: 0,
        echoOffered: 0,
        echoSent: 0,
        latencies: [],
        ops: {},
        codes: {},
        rst: 0,
        ops_done: 0,
    }
}

function opStats(stats, op) {
    return stats.ops[op] || (stats.ops[op] = { requests: 0, lost: 0, codes: {}, latencies: [] })
}

function record(stats, req, res, us) {
    stats.answered++
    stats.latencies.push(us)
    const code = res.type === wire.TYPE_RST ? 'RST' : wire.codeText(res.code)
    stats.codes[code] = (stats.codes[code] || 0) + 1
    for (const name of req.change ? [req.op, CHANGES] : [req.op]) {
        const op = opStats(stats, name)
        op.requests++
        op.latencies.push(us)
        op.codes[code] = (op.codes[code] || 0) + 1
    }
}

/** The ops entry that gathers every request marked `change` (create, page, clear: answered after their commit). */
const CHANGES = 'changes'

/** Nearest-rank percentile `p` (0..100) of an ascending list; null when it is empty. */
function percentile(sorted, p) {
    if (sorted.length === 0) return null
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
    return sorted[i]
}

function latencySummary(list) {
    const sorted = Float64Array.from(list).sort()
    const r = x => (x === null ? null : Math.round(x))
    return {
        p50Us: r(percentile(sorted, 50)),
        p99Us: r(percentile(sorted, 99)),
        maxUs: r(sorted.length ? sorted[sorted.length - 1] : null),
    }
}

function summarize(stats, seconds, o, window, timeoutMs) {
    const ops = {}
    for (const [name, s] of Object.entries(stats.ops))
        ops[name] = { requests: s.requests, lost: s.lost, codes: s.codes, ...latencySummary(s.latencies) }
    return {
        clients: o.clients,
        window,
        seconds: Math.round(seconds * 1000) / 1000,
        timeoutMs,
        sent: stats.sent,
        answered: stats.answered,
        lost: stats.lost,
        late: stats.late,
        echoOffered: stats.echoOffered,
        echoSent: stats.echoSent,
        requestsPerSecond: Math.round(stats.answered / seconds),
        ...latencySummary(stats.latencies),
        codes: stats.codes,
        ops,
        clientCpuMs: stats.cpu ? Math.round((stats.cpu.user + stats.cpu.system) / 1000) : null,
    }
}

module.exports = { runLoad, percentile }
