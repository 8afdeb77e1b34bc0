'use strict'
// Runs a given firmware bytecode in the simulator, exactly as boards/sim/vm.js does for the shipped build (same UDP
// contract, same private flash file, same CLI), so bench-only variants run the way `npm start` does.
//   node bench/lib/sim-child.js <bytecode> <flash> <rf-monitor-port>
// Prints "pagerbase listening on udp://127.0.0.1:<port>".

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const udpContract = require('../../boards/sim/udp-contract')
const { PROJECT_DIR } = require('../../boards/sim/vm')

const [bytecode, flash, rfPort] = process.argv.slice(2)
const CLI = require.resolve('@devicescript/cli/built/devicescript-cli.cjs', { paths: [PROJECT_DIR] })

udpContract.install({
    bind: '127.0.0.1',
    port: 0,
    firmwarePort: 5683,
    onListening: addr => console.log(`pagerbase listening on udp://127.0.0.1:${addr.port}`),
    route: peer => (`${peer.address}:${peer.port}` === '0.0.0.0:0' ? { address: '127.0.0.1', port: Number(rfPort) } : peer),
})
// What-if (proposed change 3): BENCH_WAKE=packet replaces the simulator's empty wake frame, which makes the WASM
// runtime call abort() once per datagram (caught by the CLI, printed to stderr), with a one-packet frame addressed
// to a device that does not exist, which the runtime drops quietly. Only the bytes of the wake frame change (a no-op
// once boards/sim wakes the VM without a frame).
if (process.env.BENCH_WAKE === 'packet') {
    const net = require('node:net')
    const installed = net.createConnection
    const frame = Buffer.alloc(16)
    frame[2] = 4 // size: one packet header
    frame[3] = 1 // JD_FRAME_FLAG_COMMAND: device id = destination
    Buffer.from('a5a5a5a5a5a5a5a5', 'hex').copy(frame, 4)
    frame.writeUInt16LE(crc16(frame.subarray(2)), 0)
    const wake = Buffer.concat([Buffer.from([frame.length]), frame])
    net.createConnection = function (a, b, c) {
        const conn = installed.apply(this, arguments)
        if (a === 8082 && b === '127.0.0.1') {
            const emit = conn.emit
            conn.emit = function (event, data) {
                if (event === 'data' && data && data.length === 13) return emit.call(this, event, wake)
                return emit.apply(this, arguments)
            }
        }
        return conn
    }
}
function crc16(bytes) {
    let crc = 0xffff
    for (const b of bytes) {
        crc ^= b << 8
        for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
    return crc
}
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-bench-sim-'))
fs.mkdirSync(path.join(workDir, '.devicescript', 'flash'), { recursive: true })
fs.symlinkSync(path.resolve(flash), path.join(workDir, '.devicescript', 'flash', 'sim.bin'))
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
process.chdir(workDir)
process.argv = [process.argv[0], 'devs', '--no-colors', 'run', path.resolve(bytecode), '--tcp']
require(CLI).mainCli()
