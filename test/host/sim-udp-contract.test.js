'use strict'
// The simulator's UDP contract (boards/sim/udp-contract.js), driven as the VM drives it: through
// net.createConnection("udp://..."). The firmware's port is mapped onto the runner's --port; when the VM restarts
// in place (after a panic) and opens it again, the base must be back on the same port, also when the system chose
// it (--port 0), or every client would lose it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const net = require('node:net')
const { execFileSync, spawn } = require('node:child_process')
const { install } = require('../../boards/sim/udp-contract')
const { encodePeerHeader } = require('../../boards/sim/peer-header')
const { pageAsked, nextToHand } = require('../../boards/sim/page-first')
const { PAGE_ASKED_CASES, request, path, POST, GET } = require('./page-asked-cases')

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

test('pages first: each case is marked in the top bits of the peer header, the address length kept', async t => {
    const vmSide = await openFirmwareSocket()
    t.after(() => vmSide.end())
    const port = listening[listening.length - 1]
    for (const c of PAGE_ASKED_CASES) {
        assert.equal(pageAsked(c.msg), c.asked, c.what)
        const frame = await deliver(vmSide, port, c.msg)
        assert.equal(frame[0], 4 | (c.asked << 6), c.what)
        assert.deepEqual(frame.subarray(7), c.msg, c.what)
    }
})

test('pages first: a page waiting in the mailbox is handed over first, never ahead of its own peer', async t => {
    const vmSide = await openFirmwareSocket()
    t.after(() => vmSide.end())
    const port = listening[listening.length - 1]
    const received = []
    vmSide.on('data', frame => received.push(frame.subarray(7).toString('hex')))
    // A creates, B reads, A pages, C pages: sent by another process while this one is blocked, so that all four
    // wait in the mailbox before the first is handed over.
    const create = request(POST, path('v1', 'sessions'), '{"number":4}')
    const read = request(GET, path('v1', 'sessions'))
    const pageA = request(POST, path('v1', 'page'), '{"number":4}')
    const pageC = request(POST, path('v1', 'page'), '{"number":5}')
    const sends = [
        [0, create],
        [1, read],
        [0, pageA],
        [2, pageC],
    ]
    const script = `
        const dgram = require('node:dgram')
        const sends = ${JSON.stringify(sends.map(([peer, msg]) => [peer, msg.toString('hex')]))}
        const peers = [0, 1, 2].map(() => dgram.createSocket('udp4'))
        ;(async () => {
            for (const [peer, hex] of sends)
                await new Promise(r => peers[peer].send(Buffer.from(hex, 'hex'), ${port}, '127.0.0.1', r))
            peers.forEach(p => p.close())
        })()`
    execFileSync(process.execPath, ['-e', script], { timeout: 5000 })
    for (let i = 0; i < 100 && received.length < 4; i++) await new Promise(r => setTimeout(r, 10))
    assert.deepEqual(
        received,
        [create, pageA, pageC, read].map(m => m.toString('hex')),
        "A's create before A's page, then C's page, then B's read"
    )
})

test("nextToHand: the oldest datagram from the first page's peer, else the oldest", () => {
    const frame = (port, asked) => Buffer.from([4 | (asked << 6), 127, 0, 0, 1, 0, port, 0x40])
    assert.equal(nextToHand([frame(1, 0), frame(2, 0)]), 0)
    assert.equal(nextToHand([frame(1, 0), frame(2, 2)]), 1)
    assert.equal(nextToHand([frame(1, 0), frame(2, 0), frame(1, 1), frame(3, 1)]), 0)
    assert.equal(nextToHand([frame(2, 0), frame(1, 1), frame(3, 1)]), 1)
})

test('a datagram the VM writes leaves during its run, not when the run ends', async () => {
    const vmSide = await openFirmwareSocket()
    // The receiver is another process, so it takes the datagram while this one is still busy.
    const receiver = spawn(
        process.execPath,
        [
            '-e',
            `const s = require('node:dgram').createSocket('udp4')
             s.on('message', () => { console.log('at ' + process.hrtime.bigint()); process.exit(0) })
             s.bind(0, '127.0.0.1', () => console.log('port ' + s.address().port))
             setTimeout(() => process.exit(1), 5000)`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    receiver.stdout.on('data', d => (out += d))
    const line = async (pattern, what) => {
        for (let i = 0; i < 100 && !pattern.test(out); i++) await new Promise(r => setTimeout(r, 50))
        const m = pattern.exec(out)
        assert.ok(m, `the receiver printed no ${what}`)
        return BigInt(m[1])
    }
    const port = Number(await line(/port (\d+)/, 'port'))
    vmSide.write(Buffer.concat([encodePeerHeader('127.0.0.1', port), Buffer.from('first chip')]))
    // The rest of a VM run: synchronous work, as the VM's fibers run inside one call.
    const runEnds = process.hrtime.bigint() + 200_000_000n
    while (process.hrtime.bigint() < runEnds);
    const arrived = await line(/at (\d+)/, 'arrival')
    assert.ok(arrived < runEnds, `arrived ${Number(arrived - runEnds) / 1e6} ms after the run ended`)
    vmSide.end()
})

test('a datagram over 1280 bytes is dropped, as the ESP32 drops it (PUDP_MAX_PAYLOAD); 1280 bytes arrive', async () => {
    const vmSide = await openFirmwareSocket()
    const port = listening[listening.length - 1]
    const client = dgram.createSocket('udp4')
    const frames = []
    vmSide.on('data', frame => frames.push(frame))
    client.send(Buffer.alloc(1281, 0x41), port, '127.0.0.1')
    client.send(Buffer.alloc(1280, 0x42), port, '127.0.0.1')
    for (let i = 0; i < 100 && frames.length === 0; i++) await new Promise(r => setTimeout(r, 20))
    await new Promise(r => setTimeout(r, 100))
    client.close()
    vmSide.end()
    assert.equal(frames.length, 1)
    assert.deepEqual(frames[0].subarray(7), Buffer.alloc(1280, 0x42))
})
