'use strict'
// Virtual RF monitor: prints what independent decoders make of each simulated transmission.
//   node boards/sim/monitor.js [--port 5690]      (listens on UDP 127.0.0.1 only)
// Start the base with `npm start -- --rf-monitor 127.0.0.1:5690`.

const dgram = require('node:dgram')
const { parseArgs } = require('node:util')
const { decodeVirtualRf } = require('./rf/decode')

// Datagrams wait here while the decoders run one at a time; beyond this they are dropped.
const MAX_WAITING = 32

const { values } = parseArgs({ options: { port: { type: 'string', default: '5690' } } })
const port = Number(values.port)
if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port wants 1..65535, got "${values.port}"`)
    process.exit(2)
}

function describe(page) {
    if (page.decoder === 'multimon-ng') {
        const text = page.kind === 'tone' ? 'tone only' : `${page.kind} "${page.message}"`
        return `capcode ${page.capcode} function ${page.function} ${text}`
    }
    const fields = ['restaurant', 'system', 'pager', 'action', 'alert'].filter(k => page[k] !== undefined)
    const extra = page.checksumOk === false ? ' BAD CHECKSUM' : ''
    return fields.map(k => `${k} ${page[k]}`).join(' ') + ` (code ${page.code.slice(0, 20)}, ${page.count}x)${extra}`
}

let waiting = 0
let chain = Promise.resolve()
const socket = dgram.createSocket('udp4')
socket.on('message', (msg, from) => {
    if (waiting >= MAX_WAITING)
        return console.log(`dropped a datagram from ${from.address}:${from.port}: decoders busy`)
    waiting++
    chain = chain.then(async () => {
        try {
            const rf = await decodeVirtualRf(msg)
            const pages = rf.decoded.length ? rf.decoded.map(describe).join('; ') : 'NOTHING DECODED'
            console.log(`${rf.protocol} ${rf.airtimeMs} ms: ${pages}`)
        } catch (e) {
            console.log(`bad transmission from ${from.address}:${from.port}: ${e.message}`)
        } finally {
            waiting--
        }
    })
})
socket.on('error', e => {
    console.error(`rf monitor: ${e.message}`)
    process.exit(1)
})
socket.bind(port, '127.0.0.1', () => console.log(`rf monitor listening on udp://127.0.0.1:${socket.address().port}`))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
