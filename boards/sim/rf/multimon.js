'use strict'
// POCSAG through multimon-ng: baseband on stdin, one output line per decoded page. Error
// correction is off (-b 0), so a wrong check bit shows up as a missing page instead of being
// repaired; the message kind is forced from the protocol name (numeric or alpha).

const { toBaseband } = require('./baseband')
const { runTool } = require('./tools')

const LINE = /^POCSAG(\d+): Address:\s*(\d+)\s+Function:\s*(\d)(?:\s+(Alpha|Numeric):(.*))?$/

function parseProtocol(name) {
    const m = /^pocsag(512|1200|2400)(-numeric)?$/.exec(name)
    return m ? { rate: m[1], kind: m[2] ? 'numeric' : 'alpha' } : null
}

function cleanAlpha(text) {
    // multimon-ng prints control characters as <NUL>, <EOT>...; zero padding shows as <NUL>
    let t = text.startsWith('   ') ? text.slice(3) : text.replace(/^ /, '')
    while (t.endsWith('<NUL>')) t = t.slice(0, -5)
    return t
}

async function decodeWithMultimon(rf) {
    const p = parseProtocol(rf.protocol)
    if (!p) return null
    const out = await runTool(
        'multimon-ng',
        ['-q', '-b', '0', '-f', p.kind, '-t', 'raw', '-a', 'POCSAG' + p.rate, '-'],
        toBaseband(rf)
    )
    const pages = []
    for (const line of out.split('\n')) {
        const m = LINE.exec(line.trimEnd())
        if (!m) continue
        const kind = m[4] ? m[4].toLowerCase() : 'tone'
        const raw = m[5] === undefined ? '' : m[5]
        pages.push({
            decoder: 'multimon-ng',
            rate: Number(m[1]),
            capcode: Number(m[2]),
            function: Number(m[3]),
            kind,
            message: kind === 'alpha' ? cleanAlpha(raw) : raw.trim(),
        })
    }
    return pages
}

module.exports = { decodeWithMultimon, parseProtocol }
