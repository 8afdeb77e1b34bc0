'use strict'
// Radio figures from the firmware in the simulator: a page now sends one "virtual RF" datagram per transmission to
// the --rf-monitor address, which here is a socket of the bench. Per protocol: the airtime of one page against the
// on-air minimum (the protocol's frames x repetitions from radio-protocols.md, as test/radio/expectations.js
// computes them by hand), the time from the request to its RF datagram, and 20 pages queued at once.

const dgram = require('node:dgram')
const { parseVirtualRf, airtimeMs } = require('../../boards/sim/rf/datagram')
const X = require('../../test/radio/expectations')
const { probe } = require('./servers')

const OOK = ['retekess-t112', 'retekess-t119', 'retekess-td157', 'retekess-td158', 'retekess-td161']
const PROTOCOLS = [...OOK, 'lrs', 'pocsag512', 'pocsag1200', 'pocsag2400', 'pocsag512-numeric', 'pocsag1200-numeric', 'pocsag2400-numeric']

/** The on-air minimum of one page of pager 17, system 0 (ms), from the hand-made expectations. */
function minimumMs(protocol) {
    switch (protocol) {
        case 'retekess-t112': return X.t112(0, 17).airtimeMs
        case 'retekess-t119': return X.t119(0, 17).airtimeMs
        case 'retekess-td157': return X.td157(0, 17).airtimeMs
        case 'retekess-td158': return X.td158(0, 17).airtimeMs
        case 'retekess-td161': return X.td161(0, 17).airtimeMs
        case 'lrs': return X.lrs(0, 17, 1).airtimeMs
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
    const r = await probe(port, 'v1/settings', { method: 'POST', body: { radioProtocol: protocol, radioRepeats: 1 }, ms: 2000 })
    if (!r || r.code >> 5 !== 2) throw new Error(`POST /v1/settings radioProtocol=${protocol}: ${r ? r.code : 'no answer'}`)
}

/** One page per protocol, then 20 pages at once for a few protocols. */
async function radioFigures(firmware, rf) {
    const perProtocol = []
    for (const protocol of PROTOCOLS) {
        await setProtocol(firmware.port, protocol)
        const before = rf.arrivals.length
        const t0 = process.hrtime.bigint()
        const r = await probe(firmware.port, 'v1/page', { method: 'POST', body: { number: 17 }, ms: 3000 })
        const tAnswer = process.hrtime.bigint()
        const got = await rf.waitFor(before + 1, 5000)
        const row = { protocol, code: r ? `${r.code >> 5}.${String(r.code & 31).padStart(2, '0')}` : 'lost' }
        if (got) {
            const a = rf.arrivals[before]
            const v = parseVirtualRf(a.msg)
            row.airtimeMs = airtimeMs(v)
            row.chips = v.chipCount
            row.minimumMs = minimumMs(protocol)
            row.overMinimum = Math.round((row.airtimeMs / row.minimumMs) * 1000) / 1000
            row.responseMs = Math.round(Number(tAnswer - t0) / 1e4) / 100
            row.requestToRfMs = Math.round(Number(a.at - t0) / 1e4) / 100
        }
        perProtocol.push(row)
        await new Promise(r => setTimeout(r, (row.airtimeMs || 0) + 50)) // let the transmitter go idle
    }
    const queued = []
    for (const protocol of ['retekess-t112', 'pocsag1200']) {
        await setProtocol(firmware.port, protocol)
        const before = rf.arrivals.length
        const t0 = process.hrtime.bigint()
        const answers = await Promise.all(
            Array.from({ length: 20 }, (_, i) => probe(firmware.port, 'v1/page', { method: 'POST', body: { number: 20 + i }, ms: 5000 }))
        )
        const accepted = answers.filter(a => a && a.code === 0x44).length
        // Enough time for 20 pages on air back to back, plus slack.
        const budget = 20 * minimumMs(protocol) * 2 + 5000
        await rf.waitFor(before + 1, budget)
        const deadline = Date.now() + budget
        while (Date.now() < deadline) {
            // Done when the last transmission has had its airtime (+300 ms) and nothing new came.
            const last = rf.arrivals[rf.arrivals.length - 1]
            if (last && Number(process.hrtime.bigint() - last.at) / 1e6 > airtimeMs(parseVirtualRf(last.msg)) + 300) break
            await new Promise(r => setTimeout(r, 50))
        }
        const mine = rf.arrivals.slice(before)
        const airtimes = mine.map(a => airtimeMs(parseVirtualRf(a.msg)))
        const lastAt = mine.length ? mine[mine.length - 1].at : t0
        queued.push({
            protocol,
            accepted,
            refused: answers.filter(a => a && a.code === 0xa3).length,
            transmissions: mine.length,
            airtimeMs: airtimes.reduce((s, x) => s + x, 0),
            minimumMs: 20 * minimumMs(protocol),
            firstRfMs: mine.length ? Math.round(Number(mine[0].at - t0) / 1e6) : null,
            lastRfMs: Math.round(Number(lastAt - t0) / 1e6),
            drainedMs: Math.round(Number(lastAt - t0) / 1e6) + (airtimes.length ? airtimes[airtimes.length - 1] : 0),
        })
    }
    return { perProtocol, queued }
}

module.exports = { radioFigures, rfListener, minimumMs, PROTOCOLS }
