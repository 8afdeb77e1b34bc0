'use strict'
// `npm run bench` (node bench/run.js): figures, not pass/fail. Everything runs over loopback, one server process at a
// time, each run bounded in time; the default run (radio, coap, restaurant) takes about 9 minutes on 2 cores. Writes
// bench/results.json and bench/results.md; `restaurant` is what a restaurant feels (bench/lib/restaurant.js), and
// results.json carries its headline figures under stable keys (see headlines()).
//   node bench/run.js [--seconds 8] [--no-build] [--only radio,coap,restaurant] [--only ...,whatif,memory,storage]
// `whatif` (a bench-only build that persists nothing: the engine without the flash's pacing), `memory` (heap
// headroom probes, per ring size too) and `storage` (flash wear) add ~1, ~12 and ~3 minutes and are not in the
// default run.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { runLoad } = require('./load/client')
const { runLoadApart } = require('./load/apart')
const workloads = require('./load/workloads')
const servers = require('./lib/servers')
const { buildVariant, removeVariant, NO_RATE_LIMIT, NO_PERSIST, shippedConstant, PROJECT } = require('./lib/variant')
const memory = require('./lib/memory')
const radio = require('./lib/radio')
const restaurant = require('./lib/restaurant')
const { flashWear } = require('./lib/flash-wear')
const { writeMarkdown } = require('./lib/report')

const { values } = parseArgs({
    options: {
        seconds: { type: 'string', default: '8' },
        'no-build': { type: 'boolean', default: false },
        only: { type: 'string', default: 'radio,coap,restaurant' },
        'report-only': { type: 'boolean', default: false },
    },
})
const SECONDS = Number(values.seconds)
/** Measured time per restaurant-load row: at ~2 requests/s per stand, 20 s give the 4 stands ~40 requests per type. */
const RESTAURANT_SECONDS = SECONDS * 2.5
/** Pages per page-latency row of the restaurant part (t112, ~0.66 s each). */
const PAGE_SAMPLES = 50
const ONLY = new Set(values.only.split(','))
/** Ring sizes of the memory and storage probes (README "Storage"; the default is one of them). */
const RING_STEPS = [24, 64, 128, 256]
/** A busy night (issue 15): this many waiting guests, and as many finished sessions in history. */
const BUSY_NIGHT = 128
/** When the full-tables probes' ballast starts growing: after their load has filled the tables. */
const FULL_TABLES_AFTER_MS = 60000
/** Runs of each full-tables row; the worst is reported (two runs of the same build differed by 1 KB). */
const FULL_TABLES_TRIES = 2

/** Whether memory probe `a` found less headroom than `b`: a failed load or an earlier OutOfMemory (null: none). */
function worseHeadroom(a, b) {
    const kb = m => (m.load && m.load.error ? -1 : m.headroomKb === null ? Infinity : m.headroomKb)
    return kb(a) < kb(b)
}
const CLIENTS = [1, 4, 16]
const WARMUP_MS = 1000
const TIMEOUT_MS = 2000

function sh(cmd, args) {
    try {
        return execFileSync(cmd, args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
        return null
    }
}

function environment() {
    return {
        date: new Date().toISOString(),
        host: `${os.type()} ${os.release()} ${os.arch()}`,
        cpu: (os.cpus()[0] || {}).model || null,
        nproc: Number(sh('nproc', [])) || os.cpus().length,
        memoryMb: Math.round(os.totalmem() / 1048576),
        node: process.version,
        devicescript: require(path.join(PROJECT, 'node_modules', '@devicescript', 'cli', 'package.json')).version,
        nodeCoap: require(path.join(PROJECT, 'node_modules', 'coap', 'package.json')).version,
        libcoap: sh('dpkg-query', ['-W', '-f=${Version}', 'libcoap3-bin']),
        commit: sh('git', ['-C', PROJECT, 'rev-parse', '--short', 'HEAD']),
        // Uncommitted changes (other people's work in progress) in what the figures depend on.
        loadavg: os
            .loadavg()
            .map(x => x.toFixed(2))
            .join(' '),
        // Other bench or test processes sharing the cores (their figures and ours disturb each other).
        otherLoad:
            (sh('pgrep', ['-af', 'bench/run.js|test/fuzz|node --test|boards/sim/start.js']) || '')
                .split('\n')
                // this process and its parent (a `timeout` wrapping the bench) are not other load
                .filter(l => l && ![process.pid, process.ppid].some(p => l.startsWith(p + ' ')) && !/pgrep/.test(l))
                .map(l => l.replace(/^\d+ /, '').slice(0, 80))
                .join('; ') || null,
        dirty: (sh('git', ['-C', PROJECT, 'status', '--porcelain', '--', 'src', 'boards/sim']) || '')
            .split('\n')
            .filter(Boolean),
    }
}

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a)

/**
 * Where the image's function code ends: the VM refuses an image whose code ends past 64 KB (its verifier's check
 * 1051; devs_format.h: a 32-byte fixed header, then sections of {start, length} u32 LE, the second the code).
 */
function functionCodeEnd(file) {
    const image = fs.readFileSync(file)
    return image.readUInt32LE(32 + 8) + image.readUInt32LE(32 + 12)
}

async function loadRun(server, { clients, makeLane, label }) {
    const rssBefore = server.rssKb()
    const r = await runLoad({
        port: server.port,
        clients,
        window: 1,
        durationMs: SECONDS * 1000,
        warmupMs: WARMUP_MS,
        timeoutMs: TIMEOUT_MS,
        makeLane,
    })
    const text = server.log()
    const panic = /Exception: (\w+)[\s\S]*?PANIC (\d+)/.exec(text)
    const row = { ...r, server: server.name, label, rssBeforeKb: rssBefore, rssAfterKb: server.rssKb() }
    if (panic)
        row.crashed = {
            exception: panic[1],
            panic: Number(panic[2]),
            at: (/Exception: \w+\n((?:WASM>  at .*\n?){1,4})/.exec(text) || [])[1] || null,
        }
    log(
        `${label} ${server.name} c=${clients}: ${r.requestsPerSecond} req/s p50 ${r.p50Us} us p99 ${r.p99Us} us lost ${r.lost}${panic ? ' CRASHED ' + panic[1] : ''}`
    )
    return row
}

async function main() {
    if (values['report-only']) {
        // Rewrites results.md from results.json (after a change to the report's wording).
        const results = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf-8'))
        if (results.memory)
            results.memory.derived = deriveMemory(
                results.memory.runs,
                results.memory.dedupEntries || 16,
                shippedConstant('src/limits.ts', 'DEFAULT_CAPACITY')
            )
        if (results.bytecode) Object.assign(results, headlines(results))
        fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n')
        fs.writeFileSync(path.join(__dirname, 'results.md'), writeMarkdown(results))
        return
    }
    const t0 = Date.now()
    const results = {
        environment: environment(),
        settings: {
            seconds: SECONDS,
            warmupMs: WARMUP_MS,
            timeoutMs: TIMEOUT_MS,
            window: 1,
            clients: CLIENTS,
            addressProof: 'Echo sent back',
            pageIntervalMs: workloads.PAGE_INTERVAL_MS,
        },
    }
    log('environment', JSON.stringify(results.environment))
    if (!values['no-build'])
        execFileSync(process.execPath, [path.join(PROJECT, 'boards', 'sim', 'build.js')], { stdio: 'inherit' })
    const shipped = path.join(PROJECT, '.devicescript', 'pagerbase.devs')
    results.bytecode = {
        file: '.devicescript/pagerbase.devs',
        bytes: fs.statSync(shipped).size,
        functionCodeEnd: functionCodeEnd(shipped),
    }
    log('bytecode', results.bytecode.bytes, 'bytes, function code ends at', results.bytecode.functionCodeEnd)

    const rf = radio.rfListener()
    await rf.ready
    let pageAirtimeMs = null
    const variants = []
    try {
        if (ONLY.has('radio') || ONLY.has('coap')) {
            log('radio figures (shipped firmware, virtual RF)')
            const fw = await servers.startFirmware({ rfPort: rf.port() })
            try {
                results.radio = await radio.radioFigures(fw, rf)
                log('page latency, idle and under a 16-client mix (its own pages off)')
                const mix = (port, ms) =>
                    runLoadApart({
                        port,
                        clients: 16,
                        window: 1,
                        durationMs: ms,
                        warmupMs: WARMUP_MS,
                        timeoutMs: TIMEOUT_MS,
                        workload: 'hostStand',
                        shared: { lastPageAt: Infinity },
                    })
                results.radio.pageLatency = []
                for (const [protocol, samples] of [
                    ['retekess-t112', 30],
                    ['pocsag1200', 20],
                ])
                    for (const load of [null, mix]) {
                        const row = await radio.pageLatency(fw, rf, protocol, samples, load)
                        log(
                            `page latency ${protocol} ${load ? 'under load' : 'idle'}: p50 ${row.p50Ms} ms p99 ${row.p99Ms} ms lost ${row.lost}`
                        )
                        results.radio.pageLatency.push(row)
                    }
            } finally {
                await fw.stop()
            }
            const t112 = results.radio.perProtocol.find(p => p.protocol === 'retekess-t112')
            pageAirtimeMs = t112 && t112.airtimeMs
        }

        if (ONLY.has('coap')) {
            log('building the bench variant without the per-peer rate limit')
            const noLimit = buildVariant('nolimit', NO_RATE_LIMIT)
            variants.push(noLimit)
            let noPersist = null
            if (ONLY.has('whatif')) {
                log('building the what-if variant (no persistence)')
                noPersist = buildVariant('nopersist', [...NO_RATE_LIMIT, ...NO_PERSIST])
                variants.push(noPersist)
            }
            const named = async (name, bytecode) =>
                Object.assign(await servers.startFirmware({ bytecode, rfPort: rf.port() }), { name })
            const starters = {
                firmware: () => servers.startFirmware({ rfPort: rf.port() }),
                'firmware-nolimit': () => named('firmware-nolimit', noLimit.bytecode),
                'whatif-nopersist': () => named('whatif-nopersist', noPersist.bytecode),
                reference: () => servers.startReference({ pageAirtimeMs: pageAirtimeMs || 0 }),
                'reference-durable': async () =>
                    Object.assign(await servers.startReference({ pageAirtimeMs: pageAirtimeMs || 0, durable: true }), {
                        name: 'reference-durable',
                    }),
                libcoap: () => servers.startLibcoap(),
            }
            results.coap = []
            const plan = []
            for (const clients of CLIENTS)
                for (const name of ['firmware', 'firmware-nolimit', 'reference', 'reference-durable'])
                    plan.push({ name, clients, label: 'mix', makeLane: workloads.hostStand })
            // Read-only: one small GET; /time on libcoap (the protocol's native ceiling), statistics on the others.
            for (const clients of CLIENTS)
                for (const name of ['firmware', 'firmware-nolimit', 'reference', 'libcoap'])
                    plan.push({
                        name,
                        clients,
                        label: 'trivial',
                        makeLane: workloads.trivial(name === 'libcoap' ? 'time' : 'v1/sessions/statistics'),
                    })
            // What-if rows (--only ...,whatif): proposed changes applied to bench-only builds (see the findings).
            if (ONLY.has('whatif'))
                for (const clients of [1, 16])
                    plan.push({ name: 'whatif-nopersist', clients, label: 'mix', makeLane: workloads.hostStand })
            for (const p of plan) {
                const server = await starters[p.name]()
                try {
                    results.coap.push(await loadRun(server, p))
                } finally {
                    await server.stop()
                }
            }
            results.ratios = ratios(results.coap)
        }

        if (ONLY.has('restaurant')) {
            const airtime = pageAirtimeMs || radio.minimumMs('retekess-t112')
            const starters = {
                firmware: () => servers.startFirmware({ rfPort: rf.port() }),
                'reference-durable': async () =>
                    Object.assign(await servers.startReference({ pageAirtimeMs: airtime, durable: true }), {
                        name: 'reference-durable',
                    }),
            }
            log(
                `restaurant loads (${restaurant.LOADS.map(l => l.clients).join(' and ')} paced host stands, ${RESTAURANT_SECONDS} s each)`
            )
            results.restaurant = {
                seconds: RESTAURANT_SECONDS,
                stepMs: workloads.RESTAURANT_STEP_MS,
                referencePageAirtimeMs: airtime,
            }
            results.restaurant.rows = await restaurant.restaurantRows(starters, RESTAURANT_SECONDS, log)
            const fw = await servers.startFirmware({ rfPort: rf.port() })
            try {
                results.restaurant.pageFirstChip = await restaurant.pageFirstChip(fw, rf, PAGE_SAMPLES, log)
            } finally {
                await fw.stop()
            }
            const maxCapacity = shippedConstant('src/limits.ts', 'MAX_CAPACITY')
            results.restaurant.list = await restaurant.listAndBoot(rf.port(), maxCapacity, log)
        }

        if (ONLY.has('memory')) {
            log('memory: building the growing-ballast variants')
            const dedupEntries = shippedConstant('src/limits.ts', 'DEDUP_ENTRIES')
            const dedupBytes = shippedConstant('src/limits.ts', 'DEDUP_BYTES')
            const grow = buildVariant('grow', memory.growingBallast())
            variants.push(grow)
            // The full-tables rows per ring size: the ballast starts once the ring, the observers and the dedup table
            // are full (a ring of 256 with labels takes ~30 s to fill on 2 cores), so it measures that state's
            // headroom, not the filling's.
            const late = buildVariant('late', memory.growingBallast(FULL_TABLES_AFTER_MS))
            variants.push(late)
            const dedup64 = buildVariant('dedup64', [...memory.growingBallast(), ...memory.dedupPatch(64, 64 * 1024)])
            variants.push(dedup64)
            // A larger observer table, without the rate limits: the observers' ACKs all come from 127.0.0.1, and with
            // 16 of them the per-address limit (200/s) would drop ACKs and so make notifications be sent again. Its
            // ballast starts after 8 s, once the load has registered its observers. Both observer counts run on this
            // build, so only the count differs.
            const observers16 = buildVariant('observers16', [
                ...memory.growingBallast(8000),
                ...NO_RATE_LIMIT,
                ...memory.observersPatch(16),
            ])
            variants.push(observers16)
            const ring = shippedConstant('src/limits.ts', 'DEFAULT_CAPACITY')
            const fullRow = n => ({
                name: `full tables: ring ${n} full, observer table full, dedup full, largest requests`,
                bytecode: late.bytecode,
                tries: FULL_TABLES_TRIES,
                opts: {
                    capacity: n === ring ? null : n,
                    load: memory.fullTables(n),
                    maxMs: FULL_TABLES_AFTER_MS + 60000,
                },
            })
            const runs = [
                {
                    name: `idle, defaults (ring ${ring}, dedup ${dedupEntries} entries / ${dedupBytes} B)`,
                    bytecode: grow.bytecode,
                    opts: {},
                },
                {
                    name: '1-client mix, defaults',
                    bytecode: grow.bytecode,
                    opts: { load: memory.mixUntil(1, workloads.hostStand) },
                },
                {
                    name: '4-client mix, defaults',
                    bytecode: grow.bytecode,
                    opts: { load: memory.mixUntil(4, workloads.hostStand) },
                },
                // 16 clients fill the receive queue (src/net/receive-queue.ts) while a change waits for the flash.
                {
                    name: '16-client mix, defaults',
                    bytecode: grow.bytecode,
                    opts: { load: memory.mixUntil(16, workloads.hostStand) },
                },
                ...RING_STEPS.map(n => ({ name: `idle, ring ${n}`, bytecode: grow.bytecode, opts: { capacity: n } })),
                {
                    name: '1-client mix, dedup 64 entries / 64 KB cap',
                    bytecode: dedup64.bytecode,
                    opts: { load: memory.mixUntil(1, workloads.hostStand) },
                },
                ...(RING_STEPS.includes(ring) ? [] : [fullRow(ring)]),
                ...RING_STEPS.map(fullRow),
                {
                    name: `full tables: ring ${2 * BUSY_NIGHT}, a busy night (${BUSY_NIGHT} active, ${BUSY_NIGHT} in history), observer table full, dedup full, largest requests`,
                    bytecode: late.bytecode,
                    tries: FULL_TABLES_TRIES,
                    opts: {
                        capacity: 2 * BUSY_NIGHT,
                        load: memory.fullTables(BUSY_NIGHT, 8, BUSY_NIGHT),
                        maxMs: FULL_TABLES_AFTER_MS + 60000,
                    },
                },
                {
                    name: 'full tables, no rate limits, 8 observers (observer table of 16)',
                    bytecode: observers16.bytecode,
                    opts: { load: memory.fullTables(24, 8) },
                },
                {
                    name: 'full tables, no rate limits, 16 observers (observer table of 16)',
                    bytecode: observers16.bytecode,
                    opts: { load: memory.fullTables(24, 16) },
                },
            ]
            results.memory = {
                dedupEntries,
                dedupBytes,
                method: `ballast of live 256-byte Buffers grown by 1 KB every ${memory.GROW_MS} ms until OutOfMemory; at the OutOfMemory the VM's heap is walked (bench/lib/heap-walk.js): what was free, in how many holes, the largest`,
                heapKb: 64,
                runs: [],
            }
            for (const r of runs) {
                // Where a full heap runs out depends on how its holes fell (docs/architecture.md "Heap"): a full-tables
                // row runs FULL_TABLES_TRIES times and reports its worst try, the others beside it.
                const tries = []
                for (let i = 0; i < (r.tries || 1); i++)
                    tries.push(await memory.headroomRun(r.bytecode, rf.port(), r.opts))
                const m = tries.reduce((a, b) => (worseHeadroom(b, a) ? b : a))
                if (tries.length > 1) m.triesKb = tries.map(t => (t.load && t.load.error ? null : t.headroomKb))
                log(
                    `memory: ${r.name}: headroom ${m.headroomKb} KB${m.triesKb ? ' (tries ' + m.triesKb.join(', ') + ')' : ''}`
                )
                results.memory.runs.push({ name: r.name, ...m })
            }
            results.memory.derived = deriveMemory(results.memory.runs, dedupEntries, ring)
        }
        if (ONLY.has('storage')) {
            // Flash wear (README "Storage"): the ring full at each step, 30 guests' create / page / clear each; the
            // ESP32's flash life projected from the bytes appended per change.
            results.storage = []
            for (const capacity of RING_STEPS) {
                const w = await flashWear({ capacity, rfPort: rf.port() })
                log(
                    `storage: ring ${capacity}: ${w.bytesPerChange} B per change, ${w.liveBytes} B live, ESP32 ~${w.esp32.years} years`
                )
                results.storage.push(w)
            }
        }
        if (results.radio) results.radio.pageAirtimeForReferenceMs = pageAirtimeMs
    } finally {
        rf.close()
        for (const v of variants) removeVariant(v)
    }
    Object.assign(results, headlines(results))
    results.elapsedSeconds = Math.round((Date.now() - t0) / 1000)
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n')
    fs.writeFileSync(path.join(__dirname, 'results.md'), writeMarkdown(results))
    log(`done in ${results.elapsedSeconds} s: bench/results.md, bench/results.json`)
}

/** firmware / reference, pairwise from the same run, per workload and client count, against each reference. */
function ratios(rows) {
    const out = []
    for (const reference of ['reference', 'reference-durable'])
        for (const label of ['mix', 'trivial'])
            for (const clients of CLIENTS) {
                const ref = rows.find(r => r.label === label && r.clients === clients && r.server === reference)
                if (!ref) continue
                for (const fw of ['firmware', 'firmware-nolimit', 'whatif-nopersist']) {
                    const f = rows.find(r => r.label === label && r.clients === clients && r.server === fw)
                    if (!f) continue
                    out.push({
                        label,
                        clients,
                        firmware: fw,
                        reference,
                        throughput: ref.requestsPerSecond ? round3(f.requestsPerSecond / ref.requestsPerSecond) : null,
                        p50: ref.p50Us && f.p50Us ? round3(f.p50Us / ref.p50Us) : null,
                        p99: ref.p99Us && f.p99Us ? round3(f.p99Us / ref.p99Us) : null,
                    })
                }
            }
    return out
}

/**
 * Heap per ring slot, dedup entry and observer from pairs of probes that differ in that one size, and the largest of
 * each that fits the heap with everything else at its shipped size, full, and the largest requests in flight (the
 * full-tables probe's headroom spent on that table alone).
 */
function deriveMemory(runs, dedupEntries, ring) {
    const get = name => {
        const run = runs.find(r => r.name.startsWith(name))
        // A probe whose load failed measured the heap without that load: no figure.
        return run && run.headroomKb !== null && !(run.load && run.load.error) ? run.headroomKb : null
    }
    const perItem = (more, fewer, items) =>
        more !== null && fewer !== null ? Math.round(((fewer - more) * 1024) / items) : null
    // Per slot: the idle probes of the smallest and the largest step (the default may be either).
    const [smallestStep, largestStep] = [RING_STEPS[0], RING_STEPS[RING_STEPS.length - 1]]
    const perSlotBytes = perItem(
        get(`idle, ring ${largestStep}`),
        get(`idle, ring ${smallestStep}`),
        largestStep - smallestStep
    )
    const perEntryBytes = perItem(get('1-client mix, dedup 64'), get('1-client mix, defaults'), 64 - dedupEntries)
    const perObserverBytes = perItem(
        get('full tables, no rate limits, 16 observers'),
        get('full tables, no rate limits, 8 observers'),
        8
    )
    const full = get(`full tables: ring ${ring} full`)
    const largest = (shipped, perBytes) =>
        perBytes > 0 && full !== null ? shipped + Math.floor((full * 1024) / perBytes) : null
    return {
        fullTablesHeadroomKb: full,
        perRingSlotBytes: perSlotBytes,
        largestRingByHeap: largest(ring, perSlotBytes),
        perDedupEntryBytes: perEntryBytes,
        largestDedupByHeap: largest(dedupEntries, perEntryBytes),
        perObserverBytes,
        largestObserversByHeap: largest(shippedConstant('src/limits.ts', 'OBSERVERS_MAX'), perObserverBytes),
        fullTablesByRing: RING_STEPS.map(n => ({ ring: n, headroomKb: get(`full tables: ring ${n} full`) })),
        busyNightHeadroomKb: get(`full tables: ring ${2 * BUSY_NIGHT}, a busy night`),
    }
}

/**
 * The figures a script reads (issue 16), under stable keys, each with what it was measured on; null when the part
 * that measures it did not run.
 */
function headlines(r) {
    const e = r.environment
    const on = `simulator (DeviceScript ${e.devicescript} WASM VM in Node ${e.node}), ${e.nproc} cores, commit ${e.commit}, ${e.date}`
    const rest = r.restaurant
    const chip = rest && rest.pageFirstChip
    const mix =
        r.radio && r.radio.pageLatency && r.radio.pageLatency.find(x => x.protocol === 'retekess-t112' && x.load)
    const changes = load => {
        const row = rest && rest.rows.find(x => x.load === load && x.server === 'firmware')
        return row && row.ops.changes ? Math.round(row.ops.changes.p99Us / 100) / 10 : null
    }
    // The shipped tables only: the probes with a larger dedup or observer table are what-ifs.
    const memoryRuns = r.memory
        ? r.memory.runs.filter(
              m => m.headroomKb !== null && !/dedup 64|observer table of|ring (64|128|256)\b/.test(m.name)
          )
        : []
    return {
        page_first_chip_p99_ms: {
            idle: chip ? chip.find(x => x.load === 'idle').p99Ms : null,
            restaurant: chip ? chip.find(x => x.load === 'restaurant').p99Ms : null,
            peak: chip ? chip.find(x => x.load === 'peak').p99Ms : null,
            mix16: mix ? mix.p99Ms : null,
            measuredOn:
                `POST /v1/page (retekess-t112) to its virtual-RF datagram (sent as the first chip goes out), host clock; ${chip ? chip[0].samples : '—'} pages per load` +
                ' (restaurant: 4 paced host stands without their own pages; peak: 16; mix16: 16 unpaced host-stand clients, the saturating mix); ' +
                on,
        },
        change_p99_ms: {
            restaurant: changes('restaurant'),
            peak: changes('peak'),
            measuredOn:
                `create, page and clear together, answered after their flash commit; shipped firmware; ${rest ? rest.seconds : '—'} s per load; ` +
                on,
        },
        list_fetch_ms: {
            ...Object.fromEntries(rest ? rest.list.sizes.map(x => [String(x.size), x.fetchMsMedian]) : []),
            notMeasured: rest ? rest.list.notMeasured : null,
            nodeCoap: Object.fromEntries(rest ? rest.list.sizes.map(x => [String(x.size), x.nodeCoapMs]) : []),
            measuredOn:
                `median of 5 fetches of GET /v1/sessions with every Block2 block (the largest, SERVER_SZX; a fresh client socket, its Echo proof included), the ring full at each size (MAX_CAPACITY ${rest ? rest.list.maxCapacity : '—'}); nodeCoap: one fetch by node-coap (no Echo: 128-byte blocks); ` +
                on,
        },
        boot_ms: {
            value: rest && rest.list.sizes.length ? rest.list.sizes[rest.list.sizes.length - 1].bootFullMs : null,
            emptyRing: rest && rest.list.sizes.length ? rest.list.sizes[rest.list.sizes.length - 1].bootEmptyMs : null,
            ring: rest && rest.list.sizes.length ? rest.list.sizes[rest.list.sizes.length - 1].size : null,
            measuredOn:
                'spawn of the simulator process (Node, the DeviceScript CLI, the VM) to the first answered GET, the ring full at its largest measured size; ' +
                on,
        },
        heap_free_min_bytes: {
            value: memoryRuns.length ? Math.min(...memoryRuns.map(m => m.headroomKb)) * 1024 : null,
            condition: memoryRuns.length
                ? memoryRuns.reduce((a, b) => (b.headroomKb < a.headroomKb ? b : a)).name
                : null,
            measuredOn:
                'bench-only build growing a ballast of 256-byte Buffers by 1 KB until OutOfMemory (1 KB resolution), worst of the memory probes with the shipped table sizes (`--only memory`); ' +
                on,
        },
        bytecode_function_bytes: {
            value: r.bytecode.functionCodeEnd,
            limit: 65536,
            measuredOn: `${r.bytecode.file} built from the working tree at commit ${e.commit} by the DeviceScript ${e.devicescript} compiler`,
        },
    }
}

const round3 = x => Math.round(x * 1000) / 1000

main().catch(e => {
    console.error(e)
    process.exit(1)
})
