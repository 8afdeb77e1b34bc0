'use strict'
// The simulator's UDP contract (boards/sim/udp-contract.js), driven as the VM drives it: through
// net.createConnection("udp://..."). The firmware's port is mapped onto the runner's --port; when the VM restarts
// in place (after a panic) and opens it again, the base must be back on the same port, also when the system chose
// it (--port 0), or every client would lose it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const net = require('node:net')
const { install } = require('../../boards/sim/udp-contract')

const FIRMWARE_PORT = 5683
const listening = []
const asked = []
install({
    bind: '127.0.0.1',
    port: 0,
    onListening: (addr, firmwarePort) => {
        listening.push(addr.port)
        asked.push(firmwarePort)
    },
})

/** Opens the firmware's socket as the VM does; resolves once it is bound. */
function openFirmwareSocket(firmwarePort = FIRMWARE_PORT) {
    const vmSide = net.createConnection({ host: 'udp://0.0.0.0', port: firmwarePort })
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('socket did not open')), 3000)
        vmSide.once('connect', () => {
            clearTimeout(timer)
            resolve(vmSide)
        })
        vmSide.once('error', err => {
            clearTimeout(timer)
            reject(err)
        })
    })
}

/** Sends one datagram to the base's port and resolves with what the VM side received (peer header + payload). */
function deliver(vmSide, port, payload) {
    const client = dgram.createSocket('udp4')
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('nothing received')), 3000)
        vmSide.once('data', frame => {
            clearTimeout(timer)
            client.close()
            resolve(frame)
        })
        client.send(payload, port, '127.0.0.1')
    })
}

test('a reopened firmware socket comes back on the port the system chose, closed first or not', async () => {
    const first = await openFirmwareSocket()
    const port = listening[0]
    assert.ok(port > 0)
    first.end() // the VM closed its socket before restarting
    const second = await openFirmwareSocket()
    const third = await openFirmwareSocket() // a restart that never closed the old one
    assert.deepEqual(listening, [port, port, port])
    const frame = await deliver(third, port, Buffer.from('hello'))
    // Peer header: [4][127.0.0.1][port BE], then the payload.
    assert.deepEqual([...frame.subarray(0, 5)], [4, 127, 0, 0, 1])
    assert.equal(frame.subarray(7).toString(), 'hello')
    second.end()
    third.end()
})

test("the port is the firmware's to choose: the runner maps whatever it binds on 0.0.0.0 and reports it", async () => {
    const before = listening.length
    const vmSide = await openFirmwareSocket(6001)
    assert.equal(listening.length, before + 1)
    assert.equal(asked[asked.length - 1], 6001, 'the port the firmware asked for, for the runner to log')
    const port = listening[listening.length - 1]
    assert.equal(port, listening[0], "still the runner's port, not 6001")
    const frame = await deliver(vmSide, port, Buffer.from('mapped'))
    assert.equal(frame.subarray(7).toString(), 'mapped')
    vmSide.end()
})
