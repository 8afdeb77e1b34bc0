'use strict'
// What a restaurant feels (issue 16): latency per request type at a restaurant's pace and at a peak, the firmware
// beside the durable reference; how soon a page reaches the air, idle and under those loads; how long the host
// stand waits for the whole list as the ring grows; how long the base takes from power-on to serving a full ring.

const { runLoad, percentile } = require('../load/client')
const { runLoadApart } = require('../load/apart')
const workloads = require('../load/workloads')
const servers = require('./servers')
const radio = require('./radio')
const { getJson } = radio
const coap = require('coap')

/** Host stands: a restaurant (4, each ~2 requests/s) and a peak (16). */
const LOADS = [
    { load: 'restaurant', clients: 4 },
    { load: 'peak', clients: 16 },
]
/** Ring sizes for the list fetch; only those up to the firmware's MAX_CAPACITY are measured (and MAX_CAPACITY). */
const LIST_SIZES = [24, 64, 128, 256]
const FETCHES = 5
const NODE_COAP_TIMEOUT_MS = 60000

/** One load row: `clients` paced host stands for `seconds` against `server`. */
async function loadRow(server, { load, clients }, seconds, shared = {}) {
    const r = await runLoad({
        port: server.port,
        clients,
        window: 1,
        durationMs: seconds * 1000,
        warmupMs: 1000,
        timeoutMs: 2000,
        makeLane: workloads.restaurantStand,
        shared,
    })
    return { load, clients, server: server.name, seconds, ...r }
}

/** Latency per request type at both loads, each server in a fresh process per row. */
async function restaurantRows(starters, seconds, log) {
    const rows = []
    for (const l of LOADS)
        for (const name of ['firmware', 'reference-durable']) {
            const server = await starters[name]()
            try {
                const row = await loadRow(server, l, seconds)
                // A VM that panicked (an OutOfMemory, say) restarted during the row: its lost requests are that.
                row.vmPanics = server.log ? (server.log().match(/PANIC/g) || []).length : 0
                const c = row.ops.changes || {}
                log(
                    `${l.load} (${l.clients} stands) ${server.name}: ${row.requestsPerSecond} req/s, changes p50 ${c.p50Us} us p99 ${c.p99Us} us, lost ${row.lost}, VM panics ${row.vmPanics}`
                )
                rows.push(row)
            } finally {
                await server.stop()
            }
        }
    return rows
}

/**
 * Page arrival to first chip (retekess-t112, `samples` pages each): idle, and under both loads with the stands'
 * own pages off (the probe's pages are then the only ones on air, and none waits for another's airtime).
 */
async function pageFirstChip(fw, rf, samples, log) {
    const rows = []
    for (const l of [null, ...LOADS]) {
        const load = l
            ? (port, ms) =>
                  runLoadApart({
                      port,
                      clients: l.clients,
                      window: 1,
                      durationMs: ms,
                      warmupMs: 1000,
                      timeoutMs: 2000,
                      workload: 'restaurantStand',
                      shared: { noPages: true },
                  })
            : null
        const row = await radio.pageLatency(fw, rf, 'retekess-t112', samples, load)
        row.load = l ? l.load : 'idle'
        log(
            `page first chip ${row.load}: p50 ${row.p50Ms} ms p99 ${row.p99Ms} ms (slowest ${row.slowestMs.join(', ')}) lost ${row.lost}`
        )
        rows.push(row)
    }
    return rows
}

/** Creates `n` sessions (pagers 1..n: Retekess T112 numbers are 0..1023) one after the other; resolves with how many were created. */
async function fill(port, n) {
    let created = 0
    for (let i = 0; i < n; i++) {
        const r = await servers.probe(port, 'v1/sessions', {
            method: 'POST',
            body: { number: 1 + i, label: `Table ${i + 1}`, partySize: 4 },
            ms: 3000,
        })
        if (r && r.code === 0x41) created++
    }
    return created
}

/**
 * One fetch of the whole list by node-coap, as a T7470 client does it: it never returns the Echo option, so the
 * base answers it in blocks cut to 10 times its request (128 bytes). Resolves with the time (ms) or null.
 */
function nodeCoapFetch(port, ms) {
    return new Promise(resolve => {
        const agent = new coap.Agent({ type: 'udp4' })
        const t0 = process.hrtime.bigint()
        const finish = v => {
            clearTimeout(timer)
            // node-coap may still acknowledge on the socket after the response event: closed a moment later.
            setTimeout(() => agent.close(), 100)
            resolve(v)
        }
        const timer = setTimeout(() => finish(null), ms)
        const req = coap.request({ hostname: '127.0.0.1', port, pathname: '/v1/sessions', agent })
        req.on('response', res => {
            const elapsed = Number(process.hrtime.bigint() - t0) / 1e6
            try {
                JSON.parse(res.payload.toString('utf-8'))
                finish(res.code === '2.05' ? elapsed : null)
            } catch {
                finish(null)
            }
        })
        req.on('error', () => finish(null))
        req.end()
    })
}

/** Starts a firmware on `flash` and resolves once it answers a GET (spawn to first answer, ms). */
async function bootToServing(rfPort, flash) {
    const t0 = process.hrtime.bigint()
    const fw = await servers.startFirmware({ rfPort, flash })
    for (let i = 0; i < 100; i++) {
        if (await servers.probe(fw.port, 'v1/sessions/statistics', { ms: 500 })) break
    }
    return { fw, ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e6) }
}

/**
 * Per ring size up to `maxCapacity`: the ring set to that size (sessionCapacity, applied at the next start), filled,
 * then the whole list fetched FETCHES times (every Block2 block, from a fresh client socket: its address proof by
 * Echo included), and the boot to serving with that full ring against the same with an empty one.
 */
async function listAndBoot(rfPort, maxCapacity, log) {
    const sizes = LIST_SIZES.filter(n => n <= maxCapacity)
    if (!sizes.includes(maxCapacity)) sizes.push(maxCapacity)
    const out = { maxCapacity, sizes: [], notMeasured: LIST_SIZES.filter(n => n > maxCapacity) }
    for (const size of sizes) {
        let fw = await servers.startFirmware({ rfPort })
        const flash = fw.flash
        const emptyBoot = { ms: null }
        try {
            const set = await servers.probe(fw.port, 'v1/settings', {
                method: 'POST',
                body: { sessionCapacity: size },
                ms: 3000,
            })
            if (!set || set.code !== 0x44) throw new Error(`sessionCapacity ${size}: ${set ? set.code : 'no answer'}`)
            await fw.stop({ keepFlash: true })
            const empty = await bootToServing(rfPort, flash)
            emptyBoot.ms = empty.ms
            fw = empty.fw
            const created = await fill(fw.port, size)
            const times = []
            let sessions = null
            let bytes = null
            for (let i = 0; i < FETCHES; i++) {
                const t0 = process.hrtime.bigint()
                const j = await getJson(fw.port, 'v1/sessions', 30000, true)
                if (!j) continue
                times.push(Number(process.hrtime.bigint() - t0) / 1e6)
                sessions = j.json.sessions.length
                bytes = j.bytes
            }
            const nodeCoapMs = await nodeCoapFetch(fw.port, NODE_COAP_TIMEOUT_MS)
            // The VM restarts after an OutOfMemory: a fetch it cut short shows as a lost fetch, the restart here.
            const restarted = /Exception: \w+/.exec(fw.log())
            await fw.stop({ keepFlash: true })
            const full = await bootToServing(rfPort, flash)
            fw = full.fw
            const status = await getJson(fw.port, 'v1/status', 5000)
            times.sort((a, b) => a - b)
            const row = {
                size,
                created,
                sessions,
                bytes,
                fetches: times.length,
                fetchMsMedian: round(percentile(times, 50)),
                fetchMsMax: round(percentile(times, 100)),
                nodeCoapMs: round(nodeCoapMs),
                restartedBy: restarted ? restarted[0] : null,
                bootEmptyMs: emptyBoot.ms,
                bootFullMs: full.ms,
                activeAfterBoot: status ? status.status.sessions.active : null,
            }
            log(
                `list of ${size} sessions (${bytes} bytes): ${row.fetchMsMedian} ms median (${times.length} of ${FETCHES}), node-coap ${row.nodeCoapMs} ms${restarted ? ', VM restarted: ' + restarted[0] : ''}; boot to serving ${row.bootFullMs} ms full (${row.activeAfterBoot} active after it), ${row.bootEmptyMs} ms empty`
            )
            out.sizes.push(row)
        } finally {
            await fw.stop()
        }
    }
    return out
}

const round = x => (x === null ? null : Math.round(x * 10) / 10)

module.exports = { restaurantRows, pageFirstChip, listAndBoot, LOADS, LIST_SIZES }
