'use strict'
// Heap headroom by measurement. DeviceScript 2.16.4 exposes no heap statistics to the program (no gc/heap
// builtins in @devicescript/core; the VM prints its heap dump only through JD_LOG, which the simulator CLI does not
// show), and an OutOfMemory is an uncatchable panic. So: a bench build of the firmware grows a ballast of live
// 256-byte Buffers by 1 KB every GROW_MS while a workload runs; the ballast held when the VM panics with
// OutOfMemory is the heap the firmware could still spare under that workload (its headroom), to 1 KB.

const path = require('node:path')
const { buildVariant, removeVariant, shippedConstant } = require('./variant')
const { startFirmware, probe } = require('./servers')
const { runLoad } = require('../load/client')
const { openPeer, OPT } = require('../../test/reliability/lib')

/** The largest request body the firmware takes: the full-tables load sends bodies of this size. */
const BODY_MAX = shippedConstant('src/limits.ts', 'BODY_MAX')

/** Node options of each probe's simulator: the heap walk at the OutOfMemory (heap-walk.js). */
const HEAP_WALK = ['-r', path.join(__dirname, 'heap-walk.js')]

const GROW_MS = 150

/**
 * The ballast patch; it starts growing `startAfterMs` after boot (time for a load to build its state first). The
 * firmware leaves under 100 bytes of the VM's 64 KB of function code, too few for the ballast's timer: it takes the
 * place of the minute's timer, whose clock checkpoint (one small settings write) and daily statistics clear the heap
 * figures do not depend on.
 */
function growingBallast(startAfterMs = 0) {
    return [
        {
            file: 'src/main.ts',
            find: /setInterval\(\(\) => \{\n    clock\.checkpoint\(\)[\s\S]*?\n\}, 60000\)\n/,
            replace:
                'const benchBallast: Buffer[] = []\n' +
                'setTimeout(() => {\n' +
                '    setInterval(() => {\n' +
                '        for (let i = 0; i < 4; ++i) benchBallast.push(Buffer.alloc(256))\n' +
                '        console.log("bench-ballast-kb " + benchBallast.length / 4)\n' +
                `    }, ${GROW_MS})\n` +
                `}, ${startAfterMs})\n`,
        },
    ]
}

function dedupPatch(entries, bytes) {
    return [
        {
            file: 'src/limits.ts',
            find: /export const DEDUP_ENTRIES = \d+/,
            replace: `export const DEDUP_ENTRIES = ${entries}`,
        },
        {
            file: 'src/limits.ts',
            find: /export const DEDUP_BYTES = \d+/,
            replace: `export const DEDUP_BYTES = ${bytes}`,
        },
    ]
}

/** Raises the observer table's cap (bench builds only), so tables larger than the shipped 8 can be measured. */
function observersPatch(max) {
    return [
        {
            file: 'src/limits.ts',
            find: /export const OBSERVERS_MAX = \d+/,
            replace: `export const OBSERVERS_MAX = ${max}`,
        },
    ]
}

/** The heap as heap-walk.js found it at the OutOfMemory: bytes used and free, free holes, the largest; or null. */
function heapAtOom(log) {
    const m = /heap-walk: used (\d+) free (\d+) holes (\d+) largest (\d+)/.exec(log)
    return m ? { usedBytes: +m[1], freeBytes: +m[2], holes: +m[3], largestHoleBytes: +m[4] } : null
}

function lastBallast(log) {
    const all = [...log.matchAll(/bench-ballast-kb (\d+)/g)]
    return all.length ? Number(all[all.length - 1][1]) : 0
}

/**
 * One probe: boot (optionally with a session capacity set through the API and a restart), then run `load`
 * (a function of the port) until the VM panics or `maxMs` passes.
 */
async function headroomRun(bytecode, rfPort, { capacity = null, load = null, maxMs = 20000 }) {
    let fw = await startFirmware({ bytecode, rfPort, nodeArgs: HEAP_WALK })
    try {
        if (capacity !== null) {
            // The ring's size applies at the next start: set it, then restart on the same flash.
            const r = await probe(fw.port, 'v1/settings', {
                method: 'POST',
                body: { sessionCapacity: capacity },
                ms: 3000,
            })
            if (!r || r.code >> 5 !== 2) throw new Error(`sessionCapacity ${capacity}: ${r ? r.code : 'no answer'}`)
            const flash = fw.flash
            await fw.stop({ keepFlash: true })
            fw = await startFirmware({ bytecode, rfPort, flash, nodeArgs: HEAP_WALK })
        }
        const t0 = Date.now()
        const panicked = () => /OutOfMemory|PANIC/.test(fw.log())
        let figures = null
        // A load that stops getting answers (the base ran out of memory before the ballast grew, say) is a figure of
        // this row, not the end of the whole bench run.
        if (load)
            figures = await load(fw.port, () => panicked() || Date.now() - t0 > maxMs).catch(err => ({
                error: err.message,
            }))
        while (!panicked() && Date.now() - t0 < maxMs) await new Promise(r => setTimeout(r, 100))
        const log = fw.log()
        return {
            capacity,
            oom: /OutOfMemory/.test(log),
            headroomKb: /OutOfMemory/.test(log) ? lastBallast(log) : null,
            ballastAtEndKb: lastBallast(log),
            where: (/Exception: OutOfMemory\n((?:.*  at .*\n?){1,3})/.exec(log) || [])[1] || null,
            heapAtOom: heapAtOom(log),
            load: figures,
        }
    } finally {
        await fw.stop()
    }
}

/** A load that keeps going until `stop()` says so (bounded by the caller's maxMs). */
function mixUntil(clients, makeLane) {
    return async (port, stop) => {
        const rounds = []
        while (!stop() && rounds.length < 20) {
            const r = await runLoad({ port, clients, window: 1, durationMs: 1000, timeoutMs: 500, makeLane })
            rounds.push({ rps: r.requestsPerSecond, lost: r.lost })
        }
        return {
            clients,
            rounds: rounds.length,
            meanRps: Math.round(rounds.reduce((s, r) => s + r.rps, 0) / Math.max(1, rounds.length)),
        }
    }
}

/**
 * The worst case the firmware allows (issue: memory): the ring full of active sessions with 32-byte labels (after
 * `history` finished ones, created and cleared first), the observer table full (8 acknowledging observers, or
 * `observers` in a build with a larger table), then request bodies of BODY_MAX bytes from a new peer each (which also fills
 * the dedup table) until `stop()`. Each request changes a session, so every observer gets a notification per request.
 */
function fullTables(sessions, observers = 8, history = 0) {
    return async (port, stop) => {
        const client = await openPeer(port)
        const peers = [client]
        try {
            for (let n = 0; n < history && !stop(); n++) {
                const number = 1000 + n
                await client.request({ method: 'POST', path: '/v1/sessions', body: { number, label: 'é'.repeat(16) } })
                await client.request({
                    method: 'PUT',
                    path: '/v1/sessions',
                    query: `number=${number}`,
                    body: { action: 'clear' },
                })
            }
            for (let n = 0; n < sessions && !stop(); n++)
                await client.request({
                    method: 'POST',
                    path: '/v1/sessions',
                    body: { number: 100 + n, label: 'é'.repeat(16) },
                })
            let registered = 0
            for (let i = 0; i < observers && !stop(); i++) {
                const p = await openPeer(port)
                peers.push(p)
                const res = await p.request({
                    path: i % 2 ? '/v1/sessions' : '/v1/notify',
                    query: i % 2 ? undefined : 'action=get_sessions',
                    options: [[OPT.OBSERVE, 0]],
                    whole: false,
                })
                if (res.option(OPT.OBSERVE) !== undefined) registered++
            }
            let sent = 0
            while (!stop() && sent < 2000) {
                const json = JSON.stringify({ number: 100 + (sent % sessions), partySize: 1 + (sent % 50) })
                const sender = await openPeer(port)
                await sender
                    .request({
                        method: 'POST',
                        path: '/v1/sessions',
                        body: json + ' '.repeat(BODY_MAX - json.length),
                        timeoutMs: 1000,
                    })
                    .catch(() => null)
                sender.close()
                sent++
            }
            return {
                sessions,
                history,
                observers: peers.length - 1,
                registered,
                largeRequests: sent,
                bodyBytes: BODY_MAX,
            }
        } finally {
            for (const p of peers) p.close()
        }
    }
}

module.exports = {
    growingBallast,
    dedupPatch,
    observersPatch,
    headroomRun,
    mixUntil,
    fullTables,
    buildVariant,
    removeVariant,
    GROW_MS,
}
