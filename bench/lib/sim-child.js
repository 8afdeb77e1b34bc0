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
    route: peer =>
        `${peer.address}:${peer.port}` === '0.0.0.0:0' ? { address: '127.0.0.1', port: Number(rfPort) } : peer,
})
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-bench-sim-'))
fs.mkdirSync(path.join(workDir, '.devicescript', 'flash'), { recursive: true })
fs.symlinkSync(path.resolve(flash), path.join(workDir, '.devicescript', 'flash', 'sim.bin'))
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
process.chdir(workDir)
process.argv = [process.argv[0], 'devs', '--no-colors', 'run', path.resolve(bytecode), '--tcp']
require(CLI).mainCli()
