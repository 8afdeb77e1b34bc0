'use strict'
// Radio figures from the firmware in the simulator: a page now sends one "virtual RF" datagram per transmission to
// the --rf-monitor address, which here is a socket of the bench. Per protocol: the airtime of one page against the
// on-air minimum (the protocol's frames x repetitions from docs/radio-protocols.md, as test/radio/expectations.js
// computes them by hand), the time from the request to its RF datagram, and 20 pages queued at once.

const dgram = require('node:dgram')
const { parseVirtualRf, airtimeMs } = require('../../boards/sim/rf/datagram')
const X = require('../../test/radio/expectations')
const { probe } = require('./servers')
const wire = require('../load/wire')
const { percentile } = require('../load/client')

const OOK = ['retekess-t112', 'retekess-t119', 'retekess-td157', 'retekess-td158', 'retekess-td161']
const PROTOCOLS = [
    ...OOK,
    'lrs',
    'pocsag512',
    'pocsag1200',
    'pocsag2400',
    'pocsag512-numeric',
    'pocsag1200-numeric',
    'pocsag2400-numeric',
]

/** The on-air minimum of one page of pager 17, system 0 (ms), from the hand-made expectations. */
function minimumMs(protocol) {
    switch (protocol) {
        case 'retekess-t112':
            return X.t112(0, 17).airtimeMs
        case 'retekess-t119':
            return X.t119(0, 17).airtimeMs
        case 'retekess-td157':
            return X.td157(0, 17).airtimeMs
        case 'retekess-td158':
            return X.td158(0, 17).airtimeMs
        case 'retekess-td161':
            return X.td161(0, 17).airtimeMs
        case 'lrs':
            return X.lrs(0, 17, 1).airtimeMs
    }
    const rate = Number(/pocsag(\d+)/.exec(protocol)[1])
    return X.pocsagMs(1, rate) // preamble + one batch: a short page fits one batch
}

function rfListener() {
    const socket = dgram.createSocket('udp4')
    const arrivals = []
    let waiter = null
    socket.on('message', msg => {
        arrivals.push({ at: process.hrtime.bigint(), msg })
        if (waiter) waiter()
    })
    return {
        socket,
        ready: new Promise(r => socket.bind(0, '127.0.0.1', r)),
        port: () => socket.address().port,
        arrivals,
        /** Resolves once `n` datagrams arrived in total, or after `ms`. */
        waitFor(n, ms) {
            return new Promise(resolve => {
                const t = setTimeout(() => ((waiter = null), resolve(false)), ms)
                waiter = () => {
                    if (arrivals.length >= n) {
                        clearTimeout(t)
                        waiter = null
                        resolve(true)
                    }
                }
                waiter()
            })
        },
        close: () => socket.close(),
    }
}

async function setProtocol(port, protocol) {
    const r = await probe(port, 'v1/settings', {
        method: 'POST',
        body: { radioProtocol: protocol, radioRepeats: 1 },
        ms: 2000,
    })
    if (!r || r.code >> 5 !== 2)
        throw new Error(`POST /v1/settings radioProtocol=${protocol}: ${r ? r.code : 'no answer'}`)
}

/**
 * GET on one socket, the way the load client does it: a response cut for an unproved peer (Block2 + Echo) is asked
 * again with the Echo value sent back, then any remaining blocks are fetched. Resolves with the parsed JSON (with
 * `withSize`: {json, bytes, blocks}) or null.
 */
function getJson(port, pathname, ms = 2000, withSize = false) {
    return new Promise(resolve => {
        const s = dgram.createSocket('udp4')
        let mid = 100
        let echo = null
        const parts = []
        const timer = setTimeout(() => done(null), ms)
        function done(v) {
            clearTimeout(timer)
            s.close()
            resolve(v)
        }
        function ask(block2) {
            const token = Buffer.from([9, 9, 0, mid & 0xff])
            s.send(
                wire.datagram(
                    wire.TYPE_CON,
                    wire.METHOD.GET,
                    ++mid,
                    token,
                    wire.requestTail({ method: 'GET', path: pathname, block2 }, echo)
                ),
                port,
                '127.0.0.1'
            )
        }
        s.on('message', m => {
            const r = wire.parseResponse(m)
            if (!r || (r.type === wire.TYPE_ACK && r.code === 0)) return
            if (r.code >> 5 !== 2) return done(null)
            if (r.echo && !echo && r.block2 && r.block2.num === 0 && r.block2.more) {
                echo = r.echo // cut for an unproved peer: prove the address and ask again
                return ask(undefined)
            }
            parts.push(r.payloadAt ? m.subarray(r.payloadAt) : Buffer.alloc(0))
            if (r.block2 && r.block2.more && parts.length < 512) return ask((r.block2.num + 1) * 16 + r.block2.szx)
            try {
                const bytes = Buffer.concat(parts)
                const json = JSON.parse(bytes.toString('utf-8'))
                done(withSize ? { json, bytes: bytes.length, blocks: parts.length } : json)
            } catch {
                done(null)
            }
        })
        s.bind(0, '127.0.0.1', () => ask(undefined))
    })
}

async function radioStatus(port) {
    const j = await getJson(port, 'v1/status')
    return j && j.status ? j.status.radio : null
}

/** Polls GET /v1/status until the queue is empty and nothing is on air with `transmissions` > `after`, bounded. */
async function waitIdle(port, after, ms) {
    const deadline = Date.now() + ms
    let last = null
    while (Date.now() < deadline) {
        last = await radioStatus(port)
        if (last && last.transmissions > after && last.queued === 0 && !last.onAir)
            return { status: last, at: process.hrtime.bigint() }
        await new Promise(r => setTimeout(r, 20))
    }
    return { status: last, at: null }
}

/**
 * Per protocol: one page of pager 17, airtime = GET /v1/status airtimeMs delta (the firmware's own account), with the
 * virtual-RF datagram's airtime as a cross-check; then 20 pages at once (pocsag1200 batches, retekess-t112 for
 * contrast): time until the last transmission has left the air, read from /v1/status (polled every ~20 ms).
 */
async function radioFigures(firmware, rf) {
    const perProtocol = []
    for (const protocol of PROTOCOLS) {
        await setProtocol(firmware.port, protocol)
        const before = await radioStatus(firmware.port)
        const rfBefore = rf.arrivals.length
        const t0 = process.hrtime.bigint()
        const r = await probe(firmware.port, 'v1/page', { method: 'POST', body: { number: 17 }, ms: 3000 })
        const tAnswer = process.hrtime.bigint()
        const row = {
            protocol,
            code: r ? `${r.code >> 5}.${String(r.code & 31).padStart(2, '0')}` : 'lost',
            minimumMs: minimumMs(protocol),
        }
        const idle = before ? await waitIdle(firmware.port, before.transmissions, 10000) : { status: null }
        if (before && idle.status) {
            row.airtimeMs = idle.status.airtimeMs - before.airtimeMs
            row.transmissions = idle.status.transmissions - before.transmissions
            row.overMinimum = Math.round((row.airtimeMs / row.minimumMs) * 1000) / 1000
            row.responseMs = Math.round(Number(tAnswer - t0) / 1e4) / 100
            if (idle.at) row.requestToIdleMs = Math.round(Number(idle.at - t0) / 1e6)
        }
        if (await rf.waitFor(rfBefore + 1, 1000)) {
            const a = rf.arrivals[rfBefore]
            row.rfAirtimeMs = airtimeMs(parseVirtualRf(a.msg))
            row.requestToRfMs = Math.round(Number(a.at - t0) / 1e4) / 100
        }
        perProtocol.push(row)
    }
    const single = p => (perProtocol.find(x => x.protocol === p) || {}).airtimeMs
    const queued = []
    for (const protocol of ['pocsag1200', 'retekess-t112']) {
        await setProtocol(firmware.port, protocol)
        const before = await radioStatus(firmware.port)
        const rfBefore = rf.arrivals.length
        const t0 = process.hrtime.bigint()
        // Back to back (each request sent when the previous one is answered, a few ms each), not 20 datagrams in
        // the same instant: the base takes a bounded burst of datagrams at a time (src/net/endpoint.ts) and this
        // client does not retransmit. All 20 are queued well within the first transmission's airtime.
        const answers = []
        for (let i = 0; i < 20; i++)
            answers.push(await probe(firmware.port, 'v1/page', { method: 'POST', body: { number: 20 + i }, ms: 2000 }))
        const accepted = answers.filter(a => a && a.code === 0x44).length
        const tQueued = process.hrtime.bigint()
        // Bounded: 20 separate transmissions back to back, twice over, plus slack.
        const budget = 20 * (single(protocol) || minimumMs(protocol)) * 2 + 5000
        // Idle = queue empty, nothing on air, and at least one transmission done since.
        const idle = await waitIdle(firmware.port, before.transmissions, budget)
        const end = idle.status || before
        const mine = rf.arrivals.slice(rfBefore)
        queued.push({
            protocol,
            accepted,
            refused: answers.filter(a => a && a.code === 0xa3).length,
            lost: answers.filter(a => !a).length,
            queuedInMs: Math.round(Number(tQueued - t0) / 1e6),
            transmissions: end.transmissions - before.transmissions,
            airtimeMs: end.airtimeMs - before.airtimeMs,
            drainedMs: idle.at ? Math.round(Number(idle.at - t0) / 1e6) : null,
            separateMs: single(protocol) ? 20 * single(protocol) : null,
            // Lower bound on air: POCSAG, one preamble and 10 batches (every T7470 capcode is in frame 0, a frame has
            // two codewords, a page without message is one address codeword); OOK, 20 x one page.
            minimumMs: /^pocsag/.test(protocol)
                ? X.pocsagMs(10, Number(/pocsag(\d+)/.exec(protocol)[1]))
                : 20 * minimumMs(protocol),
            rfDatagrams: mine.length,
            firstRfMs: mine.length ? Math.round(Number(mine[0].at - t0) / 1e6) : null,
        })
    }
    return { perProtocol, queued }
}

/**
 * Page latency: from sending POST /v1/page to receiving the virtual-RF datagram of its transmission, which the
 * firmware sends as the first chip goes out (host clock; the simulator's clock is the host's, and each direction
 * of loopback adds ~0.1 ms). `samples` pages of pager 17 on `protocol`, each after the previous one has left the
 * air, so none waits for another in the transmitter's queue. `load` (optional): a function of the port that
 * starts a CoAP load for `ms` and resolves when it ends; the pages are sent while it runs.
 */
async function pageLatency(firmware, rf, protocol, samples, load = null) {
    await setProtocol(firmware.port, protocol)
    const gapMs = (minimumMs(protocol) || 1000) + 100
    const running = load ? load(firmware.port, samples * (gapMs + 200) + 2000) : null
    if (running) await new Promise(r => setTimeout(r, 1000)) // the load's warm-up
    const latencies = []
    let lost = 0
    for (let i = 0; i < samples; i++) {
        const rfBefore = rf.arrivals.length
        const t0 = process.hrtime.bigint()
        const r = await probe(firmware.port, 'v1/page', { method: 'POST', body: { number: 17 }, ms: 3000 })
        if (r && r.code === 0x44 && (await rf.waitFor(rfBefore + 1, 3000)))
            latencies.push(Number(rf.arrivals[rfBefore].at - t0) / 1e6)
        else lost++
        await new Promise(res => setTimeout(res, gapMs))
    }
    const loadResult = running ? await running : null
    latencies.sort((a, b) => a - b)
    const ms = x => (x === null ? null : Math.round(x * 100) / 100)
    return {
        protocol,
        samples,
        lost,
        p50Ms: ms(percentile(latencies, 50)),
        p99Ms: ms(percentile(latencies, 99)),
        maxMs: ms(percentile(latencies, 100)),
        slowestMs: latencies.slice(-4).map(ms),
        load: loadResult
            ? { clients: loadResult.clients, requestsPerSecond: loadResult.requestsPerSecond, lost: loadResult.lost }
            : null,
    }
}

module.exports = { radioFigures, pageLatency, rfListener, getJson, minimumMs, PROTOCOLS }
