'use strict'
// Runs a given firmware bytecode in the simulator through boards/sim/vm.js, as `npm start` runs the shipped build
// (same UDP contract, flash size and flash file handling, same CLI), so bench-only variants run the way it does.
//   node bench/lib/sim-child.js <bytecode> <flash> <rf-monitor-port>
// Prints "pagerbase listening on udp://127.0.0.1:<port>".

const path = require('node:path')
const { startFirmware } = require('../../boards/sim/vm')

const [bytecode, flash, rfPort] = process.argv.slice(2)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
startFirmware({
    bytecode: path.resolve(bytecode),
    bind: '127.0.0.1',
    port: 0,
    flash,
    rfMonitor: { address: '127.0.0.1', port: Number(rfPort) },
    hostTime: false,
    onListening: addr => console.log(`pagerbase listening on udp://127.0.0.1:${addr.port}`),
})
