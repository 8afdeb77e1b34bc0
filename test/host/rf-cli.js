'use strict'
// Builds test/host/rf_cli.c with the ESP32 radio's pure parts (boards/esp32/udp/rf_*.c, no ESP-IDF) and talks to
// it: each command line gets the answer's lines (rf_cli.c lists the commands). Used by test/host/rf.test.js and
// test/radio/targets.test.js. Needs only gcc.

const { execFileSync, spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { lineProtocol } = require('./line-protocol')

const UDP_SRC = path.join(__dirname, '..', '..', 'boards', 'esp32', 'udp')
const SOURCES = ['rf_train.c', 'rf_raster.c', 'rf_transceiver.c', 'rf_output.c']
const CMD_TIMEOUT_MS = 5000

/** Compiles the CLI into a temporary folder and starts it; `stop()` ends it and removes the folder. */
function startRfCli() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pager-rf-'))
    const binary = path.join(dir, 'rf-cli')
    const flags = ['-std=c11', '-D_DEFAULT_SOURCE', '-Wall', '-Wextra', '-Werror', '-O1', `-I${UDP_SRC}`]
    const sources = SOURCES.map(f => path.join(UDP_SRC, f))
    execFileSync('gcc', [...flags, path.join(__dirname, 'rf_cli.c'), ...sources, '-lm', '-o', binary], {
        stdio: ['ignore', 'inherit', 'inherit'],
        timeout: 60000,
    })
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] })
    const protocol = lineProtocol(child, 'rf_cli', CMD_TIMEOUT_MS)
    return {
        /** Resolves with the answer's lines; rejects when none comes within CMD_TIMEOUT_MS. */
        cmd: line => protocol.cmd(line),
        stop() {
            child.kill('SIGKILL')
            fs.rmSync(dir, { recursive: true, force: true })
        },
    }
}

module.exports = { startRfCli }
