'use strict'
// `node test/fuzz/replay.js --seed S --upto N [--from F]`: regenerates the fuzz datagrams of seed S and sends
// datagrams F..N one at a time to a fresh base, each followed by a barrier, and stops at the first one after which
// the simulator's log shows a panic, an exception or a restart. Prints that datagram (hex) and the log's tail.
// Each datagram and its barrier are paced under the per-address rate limit, as the fuzzer's rounds are, so that a
// long replay is not cut short by a barrier the limit dropped.

const dgram = require('node:dgram')
const { parseArgs } = require('node:util')
const { startBase } = require('../e2e/harness')
const { prng, nextDatagram } = require('./generate')
const { ADDRESS_RATE } = require('./fuzzer')
const { vmTrouble } = require('../reliability/lib')

async function replay({ seed, from = 0, upto, datagrams = null }) {
    const r = prng(seed)
    const list = datagrams || []
    if (!datagrams) for (let i = 0; i <= upto; i++) list.push(nextDatagram(r).bytes)
    const base = await startBase()
    const sockets = []
    for (let i = 0; i < 24; i++) {
        const s = dgram.createSocket('udp4')
        await new Promise(res => s.bind(0, '127.0.0.1', res))
        sockets.push(s)
    }
    const barrier = (s, mid) =>
        new Promise(resolve => {
            const timer = setTimeout(() => resolve(false), 3000)
            const on = msg => {
                if (msg.length === 4 && msg.readUInt16BE(2) === mid) {
                    clearTimeout(timer)
                    s.off('message', on)
                    resolve(true)
                }
            }
            s.on('message', on)
            s.send(Buffer.from([0x40, 0, mid >> 8, mid & 0xff]), base.port, '127.0.0.1')
        })
    try {
        for (let i = from; i < list.length; i++) {
            const started = Date.now()
            sockets[i % 24].send(list[i], base.port, '127.0.0.1')
            const ok = await barrier(sockets[(i + 12) % 24], i & 0xffff)
            const trouble = vmTrouble(base.log())
            if (!ok || trouble.length) return { index: i, hex: list[i].toString('hex'), trouble, log: base.log() }
            const early = started + (2 * 1000) / ADDRESS_RATE - Date.now()
            if (early > 0) await new Promise(res => setTimeout(res, early))
        }
        return null
    } finally {
        for (const s of sockets) s.close()
        await base.kill()
    }
}

module.exports = { replay }

if (require.main === module) {
    const { values } = parseArgs({
        options: { seed: { type: 'string' }, from: { type: 'string', default: '0' }, upto: { type: 'string' } },
    })
    replay({ seed: Number(values.seed) >>> 0, from: Number(values.from), upto: Number(values.upto) }).then(found => {
        if (!found) return console.log('replay: no trouble')
        console.log(`replay: trouble after datagram ${found.index}: ${found.hex}`)
        console.log(
            found.log
                .split('\n')
                .filter(l => !l.startsWith('Aborted('))
                .slice(-30)
                .join('\n')
        )
    })
}
