'use strict'
// `npm start`: the base in the simulator.
//   npm start -- [--bind 127.0.0.1] [--port 5683] [--http-port 8080] [--flash <file>] [--rf-monitor 127.0.0.1:5690]
//                [--host-time on|off]   on: the base's default SNTP server is the host's clock (docs/udp-contract.md)

const path = require('node:path')
const { parseArgs } = require('node:util')
const { startFirmware, PROJECT_DIR } = require('./vm')
const { startHttp } = require('./http/server')

const { values } = parseArgs({
    options: {
        bind: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5683' },
        'http-port': { type: 'string', default: '8080' },
        flash: { type: 'string', default: path.join(PROJECT_DIR, '.devicescript', 'flash', 'pagerbase.bin') },
        'rf-monitor': { type: 'string', default: '127.0.0.1:5690' },
        'host-time': { type: 'string', default: 'on' },
    },
})

function fail(message) {
    console.error(message)
    process.exit(2)
}

function parseHostPort(text) {
    const i = text.lastIndexOf(':')
    const port = Number(text.slice(i + 1))
    if (i <= 0 || !Number.isInteger(port) || port < 1 || port > 65535)
        fail(`--rf-monitor wants host:port, got "${text}"`)
    return { address: text.slice(0, i), port }
}

function parsePort(name) {
    const port = Number(values[name])
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--${name} wants 0..65535, got "${values[name]}"`)
    return port
}
const port = parsePort('port')
const httpPort = parsePort('http-port')
let http = null

const hostTime = values['host-time']
if (hostTime !== 'on' && hostTime !== 'off') fail(`--host-time wants on or off, got "${hostTime}"`)

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))

startFirmware({
    bind: values.bind,
    port,
    flash: values.flash,
    rfMonitor: parseHostPort(values['rf-monitor']),
    hostTime: hostTime === 'on',
    onListening: (addr, firmwarePort) => {
        console.log(`pagerbase listening on udp://${values.bind}:${addr.port}`)
        // Once: the firmware's socket comes back on the same port after a VM restart.
        if (http) return
        // The firmware logs the port it asked for; say where that really is.
        console.log(`pagerbase: the firmware's udp port ${firmwarePort} is udp://${values.bind}:${addr.port} here`)
        const coap = {
            address: values.bind === '0.0.0.0' ? '127.0.0.1' : values.bind === '::' ? '::1' : values.bind,
            port: addr.port,
        }
        http = startHttp({
            bind: values.bind,
            port: httpPort,
            coap,
            onListening: a => console.log(`pagerbase page on ${url(a)}`),
        })
    },
})

function url(a) {
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/`
}
