'use strict'
// `npm start`: the base in the simulator.
//   npm start -- [--bind 127.0.0.1] [--port 5683] [--flash <file>] [--rf-monitor 127.0.0.1:5690]

const path = require('node:path')
const { parseArgs } = require('node:util')
const { startFirmware, PROJECT_DIR } = require('./vm')

const { values } = parseArgs({
    options: {
        bind: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5683' },
        flash: { type: 'string', default: path.join(PROJECT_DIR, '.devicescript', 'flash', 'pagerbase.bin') },
        'rf-monitor': { type: 'string', default: '127.0.0.1:5690' },
    },
})

function fail(message) {
    console.error(message)
    process.exit(2)
}

function parseHostPort(text) {
    const i = text.lastIndexOf(':')
    const port = Number(text.slice(i + 1))
    if (i <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) fail(`--rf-monitor wants host:port, got "${text}"`)
    return { address: text.slice(0, i), port }
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port wants 0..65535, got "${values.port}"`)

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))

startFirmware({
    bind: values.bind,
    port,
    flash: values.flash,
    rfMonitor: parseHostPort(values['rf-monitor']),
    onListening: addr => console.log(`pagerbase listening on udp://${values.bind}:${addr.port}`),
})
