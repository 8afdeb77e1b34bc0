'use strict'
// Starting and stopping the servers under test, each in its own process: the firmware in the simulator (shipped
// build or a bench variant), the node-coap reference, libcoap's coap-server-notls. Every wait is bounded.

const { spawn } = require('node:child_process')
const dgram = require('node:dgram')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const wire = require('../load/wire')

const START_TIMEOUT_MS = 30000

function waitForLine(child, regex, name) {
    return new Promise((resolve, reject) => {
        let output = ''
        const timer = setTimeout(() => {
            child.kill('SIGKILL')
            reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
        }, START_TIMEOUT_MS)
        const onData = chunk => {
            output += chunk
            const m = regex.exec(output)
            if (!m) return
            clearTimeout(timer)
            child.stdout.off('data', onData)
            resolve(Number(m[1]))
        }
        child.stdout.on('data', onData)
        child.once('exit', code => {
            clearTimeout(timer)
            reject(new Error(`${name} exited (${code}) before listening:\n${output}`))
        })
    })
}

/** Wraps a child process: its log (bounded), RSS, and a bounded stop. */
function handle(child, port, name) {
    let log = ''
    const keep = chunk => {
        log += chunk
        if (log.length > 200000) log = log.slice(-100000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const exited = new Promise(resolve => child.once('exit', resolve))
    return {
        name,
        port,
        pid: child.pid,
        log: () => log,
        alive: () => child.exitCode === null && child.signalCode === null,
        rssKb: () => readRssKb(child.pid),
        stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
            const t = setTimeout(() => child.kill('SIGKILL'), 5000)
            await exited
            clearTimeout(t)
        },
    }
}

function readRssKb(pid) {
    try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf-8'))
        return m ? Number(m[1]) : null
    } catch {
        return null
    }
}

/**
 * The firmware in the simulator. `bytecode` null = the shipped build (.devicescript/pagerbase.devs via
 * boards/sim/start.js); else a bench variant through sim-child.js. Virtual RF goes to `rfPort`.
 */
async function startFirmware({ bytecode = null, rfPort, nodeArgs = [], flash = null }) {
    flash = flash || path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-bench-flash-')), 'flash.bin')
    const args = bytecode
        ? [...nodeArgs, path.join(__dirname, 'sim-child.js'), bytecode, flash, String(rfPort)]
        : [
              ...nodeArgs,
              path.join(__dirname, '..', '..', 'boards', 'sim', 'start.js'),
              '--bind',
              '127.0.0.1',
              '--port',
              '0',
              '--http-port',
              '0',
              '--flash',
              flash,
              '--rf-monitor',
              `127.0.0.1:${rfPort}`,
          ]
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const h = handle(child, 0, 'firmware')
    h.port = await waitForLine(child, /^pagerbase listening on udp:\/\/127\.0\.0\.1:(\d+)$/m, 'firmware')
    h.flash = flash
    removedOnStop(h, path.dirname(flash))
    return h
}

/** Makes `h.stop()` also remove the temporary folder `dir`, unless called with `{ keepFlash: true }`. */
function removedOnStop(h, dir) {
    const stop = h.stop
    h.stop = async ({ keepFlash = false } = {}) => {
        await stop()
        if (!keepFlash) fs.rmSync(dir, { recursive: true, force: true })
    }
}

/** The node-coap reference; `durable`: answers wait for an fsync'd state file (in a temporary folder, removed at stop). */
async function startReference({ pageAirtimeMs = 0, durable = false } = {}) {
    const dir = durable ? fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-reference-')) : null
    const child = spawn(
        process.execPath,
        [
            path.join(__dirname, '..', 'reference', 'server.js'),
            '--port',
            '0',
            '--page-airtime-ms',
            String(pageAirtimeMs),
            ...(dir ? ['--durable', path.join(dir, 'state.json')] : []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const h = handle(child, 0, 'reference')
    h.port = await waitForLine(child, /^reference listening on udp:\/\/127\.0\.0\.1:(\d+)$/m, 'reference')
    if (dir) removedOnStop(h, dir)
    return h
}

function freeUdpPort() {
    return new Promise(resolve => {
        const s = dgram.createSocket('udp4')
        s.bind(0, '127.0.0.1', () => {
            const port = s.address().port
            s.close(() => resolve(port))
        })
    })
}

/** libcoap's example server; ready once it answers GET /time. */
async function startLibcoap() {
    const port = await freeUdpPort()
    const child = spawn('coap-server-notls', ['-A', '127.0.0.1', '-p', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
    })
    await new Promise((resolve, reject) => {
        child.once('error', e => reject(new Error(`coap-server-notls: ${e.message} (libcoap3-bin installed?)`)))
        child.once('spawn', resolve)
    })
    const h = handle(child, port, 'libcoap')
    const deadline = Date.now() + 10000
    while (Date.now() < deadline) {
        if (await probe(port, 'time')) return h
        await new Promise(r => setTimeout(r, 100))
    }
    await h.stop()
    throw new Error('coap-server-notls did not answer GET /time within 10 s')
}

/** One CON request; resolves with the parsed response or null after `ms`. */
function probe(port, pathname, { method = 'GET', body, query, ms = 500 } = {}) {
    return new Promise(resolve => {
        const s = dgram.createSocket('udp4')
        const token = Buffer.from([1, 2, 3, 4])
        const timer = setTimeout(() => done(null), ms)
        function done(r) {
            clearTimeout(timer)
            s.close()
            resolve(r)
        }
        s.on('message', m => {
            const r = wire.parseResponse(m)
            if (r && r.token.equals(token) && !(r.type === wire.TYPE_ACK && r.code === 0))
                done({ ...r, payload: r.payloadAt ? m.subarray(r.payloadAt) : Buffer.alloc(0) })
        })
        s.bind(0, '127.0.0.1', () =>
            s.send(
                wire.datagram(
                    wire.TYPE_CON,
                    wire.METHOD[method],
                    7,
                    token,
                    wire.requestTail({ method, path: pathname, body, query })
                ),
                port,
                '127.0.0.1'
            )
        )
    })
}

module.exports = { startFirmware, startReference, startLibcoap, probe, freeUdpPort, readRssKb }
