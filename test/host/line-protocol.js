'use strict'
// The line protocol of the host harnesses (harness.c, rf_cli.c): a command is one line on the child's stdin, and its
// answer is the lines on stdout up to one holding a single ".". Every wait is bounded: a command rejects when the
// child gives no answer within `timeoutMs` (it is killed then) or has exited.

const readline = require('node:readline')

/** `cmd(line)` resolves with the answer's lines; `exited` is why the child ended, or null. `context()` adds to errors. */
function lineProtocol(child, name, timeoutMs, context = () => '') {
    const lines = readline.createInterface({ input: child.stdout })
    const waiting = []
    let current = []
    let exited = null
    lines.on('line', line => {
        if (line !== '.') return current.push(line)
        const answer = current
        current = []
        const w = waiting.shift()
        if (w) w.resolve(answer)
    })
    child.on('exit', (code, signal) => {
        exited = `${name} exited (code ${code}, signal ${signal})\n${context()}`
        for (const w of waiting.splice(0)) w.reject(new Error(exited))
    })
    return {
        cmd(line) {
            if (exited) return Promise.reject(new Error(exited))
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => {
                    child.kill('SIGKILL')
                    reject(
                        new Error(
                            `${name} gave no answer to "${line.slice(0, 80)}" within ${timeoutMs} ms\n${context()}`
                        )
                    )
                }, timeoutMs)
                waiting.push({
                    resolve: v => (clearTimeout(timer), resolve(v)),
                    reject: e => (clearTimeout(timer), reject(e)),
                })
                child.stdin.write(line + '\n')
            })
        },
        get exited() {
            return exited
        },
    }
}

module.exports = { lineProtocol }
