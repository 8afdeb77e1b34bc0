'use strict'
// Sends fuzz datagrams through the real UDP path to a running base, paced so neither the kernel socket buffer nor
// the firmware's 4-slot receive queue drops them: 3 datagrams, then a barrier (an empty CON, which the base answers with an RST, RFC 7252
// §4.3) that returns only once the VM has taken everything before it. Datagrams come from a pool of sockets
// larger than the base's rate-limit table (16 peers), and rounds are paced under the limit of their one address
// (README "Rate limit"), so no datagram is dropped by the rate limit either.
// After each barrier the simulator's log is checked; on a restart or panic the batch that caused it is kept.

const dgram = require('node:dgram')
const { prng, nextDatagram } = require('./generate')
const { header } = require('../e2e/raw-coap')
const { vmTrouble, udpDrops } = require('../reliability/lib')

const FUZZ_SOCKETS = 32
const BARRIER_SOCKETS = 20
const BARRIER_TIMEOUT_MS = 3000
/** Datagrams per second the base takes from one address (all ports), less a margin for timer jitter. */
const ADDRESS_RATE = 200 * 0.9

async function openSockets(n, onMessage) {
    const sockets = []
    for (let i = 0; i < n; i++) {
        const s = dgram.createSocket('udp4')
        s.on('message', msg => onMessage(s, msg))
        s.on('error', () => {})
        await new Promise(r => s.bind(0, '127.0.0.1', r))
        sockets.push(s)
    }
    return sockets
}

/**
 * @param {{port: number, count: number, seed: number, log: () => string, batch?: number,
 *          progress?: (text: string) => void, maxSeconds?: number}} o
 * @returns {Promise<{sent, replies, codes, kinds, drops, seconds, perSecond, barrierTimeouts, crash, serverErrors}>}
 */
async function runFuzz(o) {
    const r = prng(o.seed)
    const batch = o.batch || 3
    const codes = {}
    const kinds = {}
    const serverErrors = []
    let replies = 0
    let barrierWaiter = null
    const lastSent = new Map() // socket -> last datagram, to name a request behind a 5.xx
    const onMessage = (socket, msg) => {
        replies++
        if (msg.length >= 4) {
            const h = header(msg)
            if (barrierWaiter && socket === barrierWaiter.socket && h.mid === barrierWaiter.mid && h.type === 3) {
                barrierWaiter.resolve()
                return
            }
            codes[h.code] = (codes[h.code] || 0) + 1
            if (h.code === '5.00' && serverErrors.length < 20)
                serverErrors.push({
                    request: (lastSent.get(socket) || Buffer.alloc(0)).toString('hex'),
                    reply: msg.toString('hex'),
                })
        }
    }
    const fuzzSockets = await openSockets(FUZZ_SOCKETS, onMessage)
    const barrierSockets = await openSockets(BARRIER_SOCKETS, onMessage)
    const drops0 = udpDrops(o.port)
    const started = Date.now()
    const deadline = o.maxSeconds ? started + o.maxSeconds * 1000 : Infinity
    let sent = 0
    let barrierTimeouts = 0
    let barrierMid = 0
    let crash = null
    let lastReport = started
    const troubleBefore = vmTrouble(o.log()).length

    const barrier = async round => {
        const socket = barrierSockets[round % BARRIER_SOCKETS]
        for (let attempt = 0; attempt < 3; attempt++) {
            const mid = (barrierMid = (barrierMid + 1) & 0xffff)
            const ok = await new Promise(resolve => {
                const timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS)
                barrierWaiter = { socket, mid, resolve: () => (clearTimeout(timer), resolve(true)) }
                socket.send(Buffer.from([0x40, 0x00, mid >> 8, mid & 0xff]), o.port, '127.0.0.1')
            })
            barrierWaiter = null
            if (ok) return true
            barrierTimeouts++
        }
        return false
    }

    try {
        for (let round = 0; sent < o.count && Date.now() < deadline; round++) {
            const roundStart = Date.now()
            const inFlight = []
            for (let i = 0; i < batch && sent < o.count; i++, sent++) {
                const d = nextDatagram(r)
                kinds[d.kind] = (kinds[d.kind] || 0) + 1
                const socket = fuzzSockets[sent % FUZZ_SOCKETS]
                lastSent.set(socket, d.bytes)
                inFlight.push({ index: sent, kind: d.kind, hex: d.bytes.toString('hex') })
                socket.send(d.bytes, o.port, '127.0.0.1')
            }
            const alive = await barrier(round)
            const trouble = vmTrouble(o.log())
            if (!alive || trouble.length > troubleBefore) {
                crash = { round, alive, trouble, batch: inFlight, seed: o.seed }
                break
            }
            const roundMs = ((batch + 1) * 1000) / ADDRESS_RATE
            const early = roundStart + roundMs - Date.now()
            if (early > 0) await new Promise(res => setTimeout(res, early))
            if (o.progress && Date.now() - lastReport > 5000) {
                lastReport = Date.now()
                const s = (Date.now() - started) / 1000
                o.progress(`${sent}/${o.count} datagrams, ${(sent / s).toFixed(0)}/s`)
            }
        }
    } finally {
        await new Promise(res => setTimeout(res, 200))
        for (const s of [...fuzzSockets, ...barrierSockets]) s.close()
    }
    const seconds = (Date.now() - started) / 1000
    const drops1 = udpDrops(o.port)
    const drops = drops0 === null || drops1 === null ? null : drops1 - drops0
    const through = drops === null ? sent : sent - drops
    return {
        seed: o.seed,
        sent,
        through,
        replies,
        codes,
        kinds,
        drops,
        seconds,
        perSecond: through / seconds,
        barrierTimeouts,
        crash,
        serverErrors,
    }
}

module.exports = { runFuzz, ADDRESS_RATE }
