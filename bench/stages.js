'use strict'
// Where a small GET's time goes in the simulator: `node bench/stages.js [--seconds 6] [--clients 16]`.
// Bench-only builds (rate limits lifted) answer a GET 4.04 as soon as one more stage of the CoAP server has run,
// with a 4.04 built by hand from the request's header and token; the load client (bench/load) keeps them busy
// with GETs of a path that does not exist, then of /v1/sessions/statistics on the whole server. The difference
// between two neighbouring rows is what that stage costs per request. 3 rounds, rows interleaved, median shown.
// Prints a Markdown table; writes nothing. About 4 minutes on 2 cores.

const { parseArgs } = require('node:util')
const { runLoad } = require('./load/client')
const { trivial } = require('./load/workloads')
const { startFirmware } = require('./lib/servers')
const { buildVariant, removeVariant, NO_RATE_LIMIT } = require('./lib/variant')

const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '6' }, clients: { type: 'string', default: '16' } },
})
const ROUNDS = 3
const SERVER = 'src/coap/server.ts'

/** A 4.04 ACK sent from handleDatagram's `frame` before the CoAP server looks at it. */
const FROM_FRAME =
    'const tkl = frame[offset] & 15; const r = Buffer.alloc(4 + tkl); r[0] = 0x60 | tkl; r[1] = 0x84; ' +
    'r[2] = frame[offset + 2]; r[3] = frame[offset + 3]; r.blitAt(4, frame, offset + 4, tkl)'
/** The same from the parsed `msg`; `then` sends or returns it. */
const fromMessage = then =>
    '{ const r = Buffer.alloc(4 + msg.token.length); r[0] = 0x60 | msg.token.length; r[1] = 0x84; r[2] = msg.mid >> 8; ' +
    `r[3] = msg.mid & 0xff; r.blitAt(4, msg.token, 0, msg.token.length); ${then} }\n`

/** A patch answering right after (or before) the line `anchor` of the server. */
function answerAt(anchor, code, before = false) {
    return [{ file: SERVER, find: anchor, replace: before ? code + anchor : anchor + code }]
}

const STAGES = [
    {
        name: 'runtime and UDP contract only (answered before the CoAP server)',
        patches: answerAt(
            '        const peer = frame.slice(0, offset)\n',
            `        if (frame[offset + 1] === 1) { ${FROM_FRAME}; this.send(peer, r); return }\n`
        ),
    },
    {
        name: '+ peer key and rate limiter',
        patches: answerAt(
            '        if (!this.rate.allow(peerKey, ds.millis())) return\n',
            `        { ${FROM_FRAME}; this.send(peer, r); return }\n`
        ),
    },
    {
        name: '+ parse',
        patches: answerAt('        const msg = parsed.msg\n', '        ' + fromMessage('this.send(peer, r); return')),
    },
    {
        name: '+ ping/ACK checks and dedup lookup',
        patches: answerAt(
            '        // Options are checked before the URI is decoded, which bounds its length; bad ones are the answer (4.02).\n',
            '        ' + fromMessage('this.send(peer, r); return'),
            true
        ),
    },
    {
        name: '+ option checks, Uri-Path, resource lookup, commit check, Echo, Block2 transfer bookkeeping',
        patches: answerAt(
            '        let result = refusal || this.process(peer, msg, target, at, extra)\n',
            '        ' + fromMessage('return r'),
            true
        ),
    },
    {
        name: '+ method and format checks, access gate, the 4.04 with its JSON body',
        patches: answerAt(
            '        let result = refusal || this.process(peer, msg, target, at, extra)\n',
            '        ' + fromMessage('return r')
        ),
    },
    { name: '+ amplification check, encoding (the whole server: 4.04)', patches: [] },
    {
        name: 'the whole server, GET /v1/sessions/statistics (2.05: the resource and its body instead of the 4.04)',
        patches: [],
        path: 'v1/sessions/statistics',
    },
]

async function main() {
    const built = STAGES.map((s, i) => buildVariant(`stage${i}`, [...NO_RATE_LIMIT, ...s.patches]))
    const rps = STAGES.map(() => [])
    try {
        for (let round = 0; round < ROUNDS; round++) {
            for (let i = 0; i < STAGES.length; i++) {
                const fw = await startFirmware({ bytecode: built[i].bytecode, rfPort: 9 })
                try {
                    const r = await runLoad({
                        port: fw.port,
                        clients: Number(values.clients),
                        durationMs: Number(values.seconds) * 1000,
                        warmupMs: 1000,
                        makeLane: trivial(STAGES[i].path || 'v1/nothing'),
                    })
                    rps[i].push(r.requestsPerSecond)
                    console.error(
                        `round ${round + 1}: ${STAGES[i].name}: ${r.requestsPerSecond} req/s ${JSON.stringify(r.codes)}`
                    )
                } finally {
                    await fw.stop()
                }
            }
        }
    } finally {
        built.forEach(removeVariant)
    }
    const median = list => list.slice().sort((a, b) => a - b)[Math.floor(list.length / 2)]
    console.log(`| stage (${values.clients} clients, GET, median of ${ROUNDS}) | req/s | ms per request | this stage |`)
    console.log('|---|---|---|---|')
    let previous = null
    STAGES.forEach((s, i) => {
        const ms = 1000 / median(rps[i])
        const delta = previous === null ? '' : `+${(ms - previous).toFixed(3)} ms`
        console.log(`| ${s.name} | ${median(rps[i])} | ${ms.toFixed(3)} | ${delta} |`)
        previous = ms
    })
}

main().catch(e => {
    console.error(e)
    process.exit(1)
})
