'use strict'
// Runs the external decoders (Debian packages rtl-433 and multimon-ng) with a time limit.
// A missing tool is an error, never an empty decode.

const { execFile } = require('node:child_process')

const TOOL_TIMEOUT_MS = 30000

function runTool(file, args, input) {
    return new Promise((resolve, reject) => {
        const child = execFile(
            file,
            args,
            { timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 << 20, encoding: 'latin1' },
            (err, stdout, stderr) => {
                if (err && err.code === 'ENOENT')
                    reject(new Error(`${file} is not installed (apt-get install rtl-433 multimon-ng)`))
                else if (err) reject(new Error(`${file} failed: ${err.message}\n${stderr}`))
                else resolve(stdout)
            }
        )
        if (input !== undefined) child.stdin.end(input)
    })
}

module.exports = { runTool }
