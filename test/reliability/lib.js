'use strict'
// Shared helpers of the reliability tests and the fuzzer: raw CoAP peers (one UDP socket each, CON requests
// awaited with a bounded timeout), the base's full state as GET bodies, and reading the simulator's log for
// restarts and panics. Everything is built from RFC 7252 §3 by hand (test/e2e/raw-coap.js), not from the firmware.

const dgram = require('node:dgram')
const fs = require('node:fs')
const { message, header, payloadOf, optionValue, parseOptions } = require('../e2e/raw-coap')
const { isoSeconds, sleep } = require('../e2e/harness')

const OPT = {
    IF_MATCH: 1,
    URI_HOST: 3,
    ETAG: 4,
    IF_NONE_MATCH: 5,
    OBSERVE: 6,
    URI_PORT: 7,
    URI_PATH: 11,
    CONTENT_FORMAT: 12,
    MAX_AGE: 14,
    URI_QUERY: 15,
    ACCEPT: 17,
    BLOCK2: 23,
    BLOCK1: 27,
    SIZE2: 28,
    PROXY_URI: 35,
    PROXY_SCHEME: 39,
    SIZE1: 60,
    ECHO: 252,
    NO_RESPONSE: 258,
    REQUEST_TAG: 292,
}
const METHOD = { GET: 1, POST: 2, PUT: 3, DELETE: 4 }

/** Options of a request for `path` ("/v1/sessions") and `query` ("number=5" or ["a=1", "b=2"]), sorted. */
function requestOptions(path, query, extra = []) {
    const options = []
    for (const seg of path.split('/').filter(Boolean)) options.push([OPT.URI_PATH, seg])
    const queries = Array.isArray(query) ? query : query ? [query] : []
    for (const q of queries) options.push([OPT.URI_QUERY, q])
    options.push(...extra)
    // Stable sort keeps repeated options (Uri-Path) in order.
    return options
        .map((o, i) => [o, i])
        .sort((a, b) => a[0][0] - b[0][0] || a[1] - b[1])
        .map(x => x[0])
}

/** Integer option value, minimal length (RFC 7252 §3.2). */
function uint(n) {
    if (n === 0) return Buffer.alloc(0)
    const bytes = []
    while (n > 0) {
        bytes.unshift(n & 0xff)
        n = Math.floor(n / 256)
    }
    return Buffer.from(bytes)
}

function readUint(buf) {
    let n = 0
    for (const b of buf || []) n = n * 256 + b
    return n
}

/** Decodes a reply datagram into {type, code, mid, token, options, payload, json}. */
function decode(datagram) {
    const h = header(datagram)
    const text = payloadOf(datagram)
    let json
    try {
        json = text.length ? JSON.parse(text) : undefined
    } catch {
        json = undefined
    }
    return {
        ...h,
        token: datagram.subarray(4, 4 + h.tkl),
        options: parseOptions(datagram).options,
        option: num => optionValue(datagram, num),
        payload: text,
        json,
        bytes: datagram,
    }
}

let midCounter = Math.floor(Math.random() * 0x10000)
const nextMid = () => (midCounter = (midCounter + 1) & 0xffff)

/**
 * One client endpoint (address and port). `request` sends a CON request and resolves with the decoded
 * piggybacked reply, following Block2 (and answering with the Echo the base offers to unproved peers) so the
 * caller gets the whole representation. CON notifications that arrive are acknowledged unless `ackNotifications`
 * is false, and handed to `onNotification`.
 */
async function openPeer(port, { ackNotifications = true, onNotification = null } = {}) {
    const socket = dgram.createSocket('udp4')
    const waiting = new Map() // mid -> resolve
    socket.on('message', msg => {
        if (msg.length < 4) return
        const h = header(msg)
        if ((h.type === 2 || h.type === 3) && waiting.has(h.mid)) {
            const resolve = waiting.get(h.mid)
            waiting.delete(h.mid)
            resolve(msg)
            return
        }
        if (h.type === 0 && ackNotifications) socket.send(Buffer.from([0x60, 0, msg[2], msg[3]]), port, '127.0.0.1')
        if (onNotification && h.type !== 3) onNotification(decode(msg))
    })
    await new Promise(r => socket.bind(0, '127.0.0.1', r))

    /**
     * Sends `bytes` (a CON with MID `mid`) and waits for the ACK/RST with that MID, retransmitting the same bytes
     * (RFC 7252 §4.2: the base's dedup answers a retransmission without running the handler again) when the base's
     * per-peer rate limit drops it.
     */
    const exchange = (bytes, mid, timeoutMs = 8000) =>
        new Promise((resolve, reject) => {
            const started = Date.now()
            let wait = 500
            let retry = null
            const send = () => {
                socket.send(bytes, port, '127.0.0.1')
                if (Date.now() - started + wait > timeoutMs) return
                retry = setTimeout(send, wait)
                wait *= 2
            }
            const timer = setTimeout(() => {
                clearTimeout(retry)
                waiting.delete(mid)
                reject(new Error(`no reply to MID ${mid} within ${timeoutMs} ms`))
            }, timeoutMs)
            waiting.set(mid, msg => {
                clearTimeout(timer)
                clearTimeout(retry)
                resolve(msg)
            })
            send()
        })

    /**
     * @param {{method?: string, path: string, query?: string|string[], body?: any, raw?: Buffer,
     *          options?: Array<[number, any]>, token?: Buffer, timeoutMs?: number, whole?: boolean}} req
     */
    async function request(req) {
        const code = METHOD[req.method || 'GET']
        const token = req.token || Buffer.from([0xa5, nextMid() & 0xff])
        const payload =
            req.raw !== undefined
                ? req.raw
                : req.body === undefined
                  ? null
                  : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body))
        let extra = (req.options || []).map(([n, v]) => [n, typeof v === 'number' ? uint(v) : v])
        let echo = null
        let collected = []
        let first = null
        for (let block = 0, rounds = 0; rounds < 200; rounds++) {
            const opts = [...extra]
            if (echo) opts.push([OPT.ECHO, echo])
            if (block > 0) opts.push([OPT.BLOCK2, uint((block << 4) | szxOf(first))])
            const mid = nextMid()
            const bytes = message({
                type: 0,
                code,
                mid,
                token,
                options: requestOptions(req.path, req.query, opts),
                payload: payload && payload.length ? payload : null,
            })
            const reply = decode(await exchange(bytes, mid, req.timeoutMs))
            if (req.whole === false || reply.type === 3) return reply
            const b2 = reply.option(OPT.BLOCK2)
            if (!b2) {
                if (!first) return reply
                collected.push(Buffer.from(reply.payload))
                break
            }
            const num = readUint(b2) >> 4
            const more = (readUint(b2) >> 3) & 1
            const offer = reply.option(OPT.ECHO)
            if (offer && !echo && code === METHOD.GET) {
                // An unproved peer: prove the address and start again with full blocks.
                echo = offer
                collected = []
                first = null
                block = 0
                continue
            }
            if (!first) first = reply
            if (num !== block) throw new Error(`asked for block ${block}, got ${num}`)
            collected.push(reply.bytes.subarray(parseOptions(reply.bytes).payloadStart))
            if (!more) break
            block++
        }
        if (!first) throw new Error('too many blocks')
        const text = Buffer.concat(collected).toString('utf-8')
        let json
        try {
            json = JSON.parse(text)
        } catch {
            json = undefined
        }
        return { ...first, payload: text, json }
    }

    return { socket, exchange, request, close: () => socket.close(), port: () => socket.address().port }
}

function szxOf(reply) {
    const b2 = reply.option(OPT.BLOCK2)
    return readUint(b2) & 7
}

/** The whole observable state, as the GET bodies; `timestamp` left out (and the settings' clock, given apart). */
async function snapshot(peer) {
    const get = async path => {
        const r = await peer.request({ path })
        if (r.code !== '2.05') throw new Error(`GET ${path}: ${r.code} ${r.payload}`)
        const { timestamp, ...rest } = r.json
        return rest
    }
    const sessions = await get('/v1/sessions')
    const history = await get('/v1/sessions/history')
    const statistics = await get('/v1/sessions/statistics')
    const settingsBody = await get('/v1/settings')
    const status = await get('/v1/status')
    const { datetime, ...settings } = settingsBody.settings
    return { sessions, history, statistics, settings: { ...settingsBody, settings }, datetime, status }
}

/**
 * What went wrong in the VM according to its log: restarts (a second "start:" line), panics, exceptions,
 * out-of-memory. Returns a list of offending lines (empty when the log is clean).
 */
function vmTrouble(log) {
    const lines = log.split('\n')
    const starts = lines.filter(l => /\bstart: pagerbase\b/.test(l) || /DeviceScript Simulator/.test(l))
    const trouble = lines.filter(l =>
        /PANIC|Unhandled exception|Exception|OutOfMemory|out of memory|InfiniteLoop|RangeError|TypeError/i.test(l)
    )
    // One "DeviceScript Simulator" banner and one "start:" line per boot.
    if (starts.length > 2) trouble.push(`restarted: ${starts.length} start/banner lines`)
    return trouble
}

/** Counts the simulator's native aborts (see the report: the runner's wake frame panics jd_queue_push). */
const nativeAborts = log => (log.match(/Aborted\(/g) || []).length

/** Receive-buffer drops of the UDP socket bound to 127.0.0.1:`port` (Linux /proc/net/udp), or null. */
function udpDrops(port) {
    try {
        const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
        for (const line of fs.readFileSync('/proc/net/udp', 'utf-8').split('\n').slice(1)) {
            const cols = line.trim().split(/\s+/)
            if (cols[1] === `0100007F:${hexPort}`) return Number(cols[cols.length - 1])
        }
    } catch {
        /* not Linux */
    }
    return null
}

module.exports = {
    OPT,
    METHOD,
    uint,
    readUint,
    decode,
    requestOptions,
    openPeer,
    snapshot,
    vmTrouble,
    nativeAborts,
    udpDrops,
    sleep,
    isoSeconds,
}
