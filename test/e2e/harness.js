'use strict'
// Test harness: starts the real firmware in the simulator (the same runner as `npm start`) on a free loopback
// port with its own flash file, and talks to it with clients nobody here wrote: node-coap and libcoap's
// coap-client-notls. Every wait is bounded.

const { spawn, execFile } = require('node:child_process')
const dgram = require('node:dgram')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const coap = require('coap')

const START = path.join(__dirname, '..', '..', 'boards', 'sim', 'start.js')
const READY = /^pagerbase listening on udp:\/\/127\.0\.0\.1:(\d+)$/m
const PAGE_READY = /^pagerbase page on (http:\/\/127\.0\.0\.1:\d+\/)$/m
const START_TIMEOUT_MS = 30000

function tempFlash() {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-test-')), 'flash.bin')
}

/**
 * Starts a base. Resolves once it prints its listening line. Without `hostTime` the runner does not give the base
 * the host's time (`--host-time off`), so a clock a test sets by hand stays as set.
 * @returns {Promise<{port: number, httpUrl: string, flash: string, log: () => string, stop: () => Promise<void>, kill: () => Promise<void>}>}
 */
function startBase({ flash = tempFlash(), rfMonitor = null, hostTime = false } = {}) {
    const args = [START, '--bind', '127.0.0.1', '--port', '0', '--http-port', '0', '--flash', flash]
    args.push('--host-time', hostTime ? 'on' : 'off')
    if (rfMonitor) args.push('--rf-monitor', rfMonitor)
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const exited = new Promise(resolve => child.once('exit', resolve))
    const stopWith = signal => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        return exited.then(() => undefined)
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            stopWith('SIGKILL')
            reject(new Error(`base did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
        }, START_TIMEOUT_MS)
        const onData = chunk => {
            output += chunk
            const m = READY.exec(output)
            const page = PAGE_READY.exec(output)
            if (!m || !page || !timer) return
            clearTimeout(timer)
            resolve({
                port: Number(m[1]),
                httpUrl: page[1],
                flash,
                log: () => output,
                stop: () => stopWith('SIGINT'),
                kill: () => stopWith('SIGKILL'),
            })
        }
        child.stdout.on('data', onData)
        child.stderr.on('data', chunk => (output += chunk))
        child.once('exit', code => {
            clearTimeout(timer)
            reject(new Error(`base exited (${code}) before listening:\n${output}`))
        })
    })
}

/**
 * One request with node-coap. Resolves with {code, json, payload, options, headers}.
 * @param {number} port
 * @param {{method?: string, pathname: string, query?: string, body?: any, confirmable?: boolean,
 *          options?: Record<string, any>, timeoutMs?: number}} req
 */
function request(port, req) {
    return new Promise((resolve, reject) => {
        const agent = new coap.Agent({ type: 'udp4' })
        const r = coap.request({
            host: '127.0.0.1',
            port,
            method: req.method || 'GET',
            pathname: req.pathname,
            query: req.query || '',
            confirmable: req.confirmable !== false,
            agent,
        })
        for (const [name, value] of Object.entries(req.options || {})) r.setOption(name, value)
        const timer = setTimeout(() => {
            agent.close()
            reject(
                new Error(`no response to ${req.method || 'GET'} ${req.pathname} within ${req.timeoutMs || 10000} ms`)
            )
        }, req.timeoutMs || 10000)
        r.on('response', res => {
            clearTimeout(timer)
            const payload = res.payload
            let json
            try {
                json = payload.length ? JSON.parse(payload.toString('utf-8')) : undefined
            } catch {
                json = undefined
            }
            resolve({ code: res.code, payload, json, options: res.options, headers: res.headers })
            setImmediate(() => agent.close())
        })
        r.on('error', err => {
            clearTimeout(timer)
            agent.close()
            reject(err)
        })
        if (req.body !== undefined) r.write(typeof req.body === 'string' ? req.body : JSON.stringify(req.body))
        r.end()
    })
}

/** Runs libcoap's coap-client-notls; it exits 0 even on errors, so callers read stdout/stderr. */
function coapClient(args, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
        const child = execFile('coap-client-notls', args, { timeout: timeoutMs }, (err, stdout, stderr) => {
            if (err && err.code === 'ENOENT')
                return reject(new Error('coap-client-notls is not installed (libcoap3-bin)'))
            // It exits with status 0 on the SIGTERM the timeout sends, so the timeout shows only as the kill: its
            // output is then cut short.
            if (child.killed)
                return reject(new Error(`coap-client-notls timed out after ${timeoutMs} ms: ${args.join(' ')}`))
            resolve({ stdout, stderr })
        })
    })
}

/** Sends raw bytes and collects the datagrams that come back within `waitMs`. */
function rawExchange(port, bytes, waitMs = 1500) {
    return new Promise(resolve => {
        const socket = dgram.createSocket('udp4')
        const replies = []
        socket.on('message', msg => replies.push(msg))
        socket.bind(0, '127.0.0.1', () => {
            const list = Array.isArray(bytes) ? bytes : [bytes]
            for (const b of list) socket.send(b, port, '127.0.0.1')
            setTimeout(() => {
                socket.close()
                resolve(replies)
            }, waitMs)
        })
    })
}

/**
 * GET /v1/status every 200 ms until `ok(json)`, for at most `ms`. The status comes in Block2 blocks (amplification
 * limit); every block of one transfer comes from one rendering (block2-consistency.test.js), so each body is the
 * JSON of one moment.
 */
async function statusWhen(port, ok, ms = 15000) {
    let json
    for (let waited = 0; waited <= ms; waited += 200) {
        json = (await request(port, { pathname: '/v1/status' })).json
        if (!json) throw new Error('a /v1/status body that is not JSON')
        if (ok(json)) return json
        await sleep(200)
    }
    throw new Error(`status never matched within ${ms} ms: ${JSON.stringify(json)}`)
}

/** Seconds since the epoch of the base's local time text "2024-05-01T12:00:00" (no zone: read as UTC). */
const isoSeconds = text => Date.parse(text + 'Z') / 1000

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

module.exports = { startBase, request, coapClient, rawExchange, tempFlash, isoSeconds, sleep, statusWhen }
