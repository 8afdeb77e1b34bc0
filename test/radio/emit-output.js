'use strict'
// Runs a DeviceScript emitter (test/radio/emit*.ts) in the simulator and collects the virtual RF datagrams it
// prints as "PBRF <label> <part>/<parts> <hex>" lines (console lines are cut near 300 characters).

const assert = require('node:assert')
const path = require('node:path')
const { execFile } = require('node:child_process')

const ROOT = path.join(__dirname, '..', '..')

/** label -> datagram, from "PBRF <label> <part>/<parts> <hex>" lines. */
function parseEmitOutput(text) {
    const parts = new Map()
    for (const line of text.split('\n')) {
        const m = /PBRF (\S+) (\d+)\/(\d+) ([0-9a-f]+)\s*$/.exec(line)
        if (!m) continue
        if (!parts.has(m[1])) parts.set(m[1], { total: Number(m[3]), hex: [] })
        const p = parts.get(m[1])
        assert.strictEqual(Number(m[2]), p.hex.length + 1, `${m[1]}: parts out of order`)
        p.hex.push(m[4])
    }
    const out = new Map()
    for (const [label, p] of parts) {
        assert.strictEqual(p.hex.length, p.total, `${label}: ${p.hex.length} of ${p.total} parts`)
        out.set(label, Buffer.from(p.hex.join(''), 'hex'))
    }
    return out
}

/** Runs `file` (relative to the project) with `devs run --test`; resolves with { stdout, datagrams }. */
function runEmit(file, timeoutMs) {
    return new Promise((resolve, reject) => {
        execFile(
            'npx',
            ['devs', 'run', file, '--test', '--test-self-exit', '--test-timeout', '120000', '--no-colors'],
            { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 << 20 },
            (err, stdout, stderr) => {
                if (err)
                    reject(new Error(`${file} failed: ${err.message}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`))
                else resolve({ stdout, datagrams: parseEmitOutput(stdout) })
            }
        )
    })
}

module.exports = { runEmit }
