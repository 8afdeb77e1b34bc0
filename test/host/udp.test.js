'use strict'
// Host test of the ESP32 UDP extension (boards/esp32/udp): compiled with gcc against POSIX sockets, hooked
// into a stand-in for the runtime's socket layer with the same -Wl,--wrap the ESP32 build uses, and driven
// through harness.c while this file sends and receives real datagrams on loopback with node:dgram.
// Needs only gcc.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, spawn } = require('node:child_process')
const dgram = require('node:dgram')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { lineProtocol } = require('./line-protocol')
const { PAGE_ASKED_CASES, request, path: uriPath, POST, GET } = require('./page-asked-cases')

const ROOT = path.join(__dirname, '..', '..')
const UDP_SRC = path.join(ROOT, 'boards', 'esp32', 'udp')
const QUEUE_LEN = 16 // pager_udp.h's default, compiled as it is: a burst of 16 host-stand requests (README "ESP32")
const MAX_PAYLOAD = 512
const WRAP = ['jd_tcpsock_new', 'jd_tcpsock_write', 'jd_tcpsock_close', 'jd_tcpsock_process']

let dir
let udpBinary // the extension hooked in, as on the ESP32 after build.sh
let stockBinary // no hook: what a stock runtime does with "udp://"

function compile(out, wrap) {
    const args = [
        '-std=c11',
        '-D_DEFAULT_SOURCE',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-O1',
        `-DPUDP_MAX_PAYLOAD=${MAX_PAYLOAD}`,
        '-DPUDP_GROUP_INTERFACE=0x7f000001',
        `-I${UDP_SRC}`, // the group on loopback
        path.join(__dirname, 'harness.c'),
        path.join(__dirname, 'fake_stock_sock.c'),
        path.join(UDP_SRC, 'pager_udp.c'),
        path.join(UDP_SRC, 'coap_group.c'),
        path.join(UDP_SRC, 'page_first.c'),
        path.join(UDP_SRC, 'platform_posix.c'), // the Linux shim: events, wake requests, log
        path.join(UDP_SRC, 'platform_esp32.c'), // empty off the ESP32: proves it compiles away cleanly
        path.join(UDP_SRC, 'rf_output_esp32.c'), // the ESP32's radio: the same
        ...(wrap ? [path.join(UDP_SRC, 'tcpsock_dispatch.c'), '-Wl,' + WRAP.map(fn => '--wrap=' + fn).join(',')] : []),
        '-o',
        out,
    ]
    execFileSync('gcc', args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 60000 })
    return out
}

before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pager-udp-'))
    udpBinary = compile(path.join(dir, 'udp-harness'), true)
    stockBinary = compile(path.join(dir, 'stock-harness'), false)
})
// Harness processes and client sockets still open: a failed assertion skips their stop()/close(), and they would
// keep the test process alive.
const children = new Set()
const sockets = new Set()
after(() => {
    for (const child of children) child.kill('SIGKILL')
    for (const socket of sockets) socket.close()
    fs.rmSync(dir, { recursive: true, force: true })
})

const CMD_TIMEOUT_MS = 5000 // the longest harness command pumps for 2 s
const TEST_TIMEOUT_MS = 20000

/** One harness process; `cmd` sends a line and resolves with the answer's lines, or rejects when the
 * harness does not answer within CMD_TIMEOUT_MS or has exited (so no wait is unbounded). */
function startHarness(binary) {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] })
    children.add(child)
    let log = ''
    child.stderr.on('data', d => (log += d))
    child.on('exit', () => children.delete(child))
    const protocol = lineProtocol(child, 'harness', CMD_TIMEOUT_MS, () => log)
    return {
        cmd: line => protocol.cmd(line),
        async stats() {
            const [line] = await this.cmd('stats')
            return Object.fromEntries(
                line
                    .split(' ')
                    .slice(1)
                    .map(kv => kv.split('='))
                    .map(([k, v]) => [k, /^-?\d+$/.test(v) ? +v : v])
            )
        },
        get log() {
            return log
        },
        async stop() {
            if (!protocol.exited) await this.cmd('quit').catch(() => {})
            await new Promise(resolve => {
                if (child.exitCode !== null || child.signalCode !== null) return resolve()
                const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 2000)
                child.once('exit', () => (clearTimeout(timer), resolve()))
            })
        },
    }
}

async function udpSocket(type, address) {
    const socket = dgram.createSocket(type)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    const inbox = []
    const waiters = []
    socket.on('message', (msg, rinfo) => {
        inbox.push({ msg, rinfo })
        while (waiters.length && inbox.length) waiters.shift()(inbox.shift())
    })
    await new Promise((resolve, reject) => {
        socket.once('error', reject)
        socket.bind(0, address, resolve)
    })
    socket.next = (ms = 2000) =>
        new Promise((resolve, reject) => {
            if (inbox.length) return resolve(inbox.shift())
            const waiter = m => (clearTimeout(timer), resolve(m))
            const timer = setTimeout(() => {
                waiters.splice(waiters.indexOf(waiter), 1)
                reject(new Error('no datagram within ' + ms + ' ms'))
            }, ms)
            waiters.push(waiter)
        })
    socket.sendTo = (payload, port, host) =>
        new Promise((resolve, reject) => socket.send(payload, port, host, err => (err ? reject(err) : resolve())))
    return socket
}

async function freePort(type, address) {
    const s = await udpSocket(type, address)
    const { port } = s.address()
    s.close()
    return port
}

function ipv6Works() {
    const s = dgram.createSocket('udp6')
    return new Promise(resolve => {
        s.once('error', () => resolve(false))
        s.bind(0, '::1', () => (s.close(), resolve(true)))
    })
}

function header(addressBytes, port) {
    const h = Buffer.alloc(1 + addressBytes.length + 2)
    h[0] = addressBytes.length
    Buffer.from(addressBytes).copy(h, 1)
    h.writeUInt16BE(port, 1 + addressBytes.length)
    return h
}

const IPV4_LOOPBACK = [127, 0, 0, 1]
const IPV6_LOOPBACK = [...Array(15).fill(0), 1]

function dataFrames(lines) {
    return lines.filter(l => l.startsWith('data ')).map(l => Buffer.from(l.slice(5), 'hex'))
}

/** Opens `host` on the harness and pumps until the open/error event. */
async function open(h, host, port) {
    assert.deepEqual(await h.cmd(`open ${host} ${port}`), ['rc 0'])
    return h.cmd('pump 1 1000')
}

test(
    'IPv4: each datagram is one data event with the peer header; a reply goes back to that peer',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const h = startHarness(udpBinary)
        const port = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
        const client = await udpSocket('udp4', '127.0.0.1')
        const clientPort = client.address().port

        await client.sendTo(Buffer.from('first'), port, '127.0.0.1')
        await client.sendTo(Buffer.from('second datagram'), port, '127.0.0.1')
        await client.sendTo(Buffer.alloc(0), port, '127.0.0.1')
        const frames = dataFrames(await h.cmd('pump 3 2000'))
        const hdr = header(IPV4_LOOPBACK, clientPort)
        assert.deepEqual(frames, [
            Buffer.concat([hdr, Buffer.from('first')]),
            Buffer.concat([hdr, Buffer.from('second datagram')]),
            hdr, // an empty datagram is still one event
        ])

        // Write the received header back with a payload: exactly one datagram reaches the client, from the bound port.
        assert.deepEqual(
            await h.cmd('write ' + Buffer.concat([frames[0].subarray(0, 7), Buffer.from('reply')]).toString('hex')),
            ['rc 0']
        )
        const got = await client.next()
        assert.equal(got.msg.toString(), 'reply')
        assert.equal(got.rinfo.port, port)
        assert.equal(got.rinfo.address, '127.0.0.1')
        const stats = await h.stats()
        assert.equal(stats.sent, 1)
        assert.equal(stats.stock_write, 0, 'writes on a udp:// socket never reach the stock TCP code')
        client.close()
        await h.stop()
    }
)

test(
    'IPv6: the header carries 16 address bytes; dual-stack "::" reports IPv4 peers as 4 bytes',
    { timeout: TEST_TIMEOUT_MS },
    async t => {
        if (!(await ipv6Works())) return t.skip('no IPv6 loopback on this machine')
        const h = startHarness(udpBinary)
        const port = await freePort('udp6', '::1')
        assert.deepEqual(await open(h, 'udp://[::1]', port), ['open'])
        const client = await udpSocket('udp6', '::1')
        await client.sendTo(Buffer.from('six'), port, '::1')
        const [frame] = dataFrames(await h.cmd('pump 1 2000'))
        assert.deepEqual(frame, Buffer.concat([header(IPV6_LOOPBACK, client.address().port), Buffer.from('six')]))
        assert.deepEqual(
            await h.cmd('write ' + Buffer.concat([frame.subarray(0, 19), Buffer.from('back')]).toString('hex')),
            ['rc 0']
        )
        assert.equal((await client.next()).msg.toString(), 'back')
        client.close()

        const anyPort = await freePort('udp6', '::')
        assert.deepEqual(await open(h, 'udp://::', anyPort), ['open'])
        const v4 = await udpSocket('udp4', '127.0.0.1')
        await v4.sendTo(Buffer.from('four'), anyPort, '127.0.0.1')
        const [mapped] = dataFrames(await h.cmd('pump 1 2000'))
        assert.deepEqual(mapped, Buffer.concat([header(IPV4_LOOPBACK, v4.address().port), Buffer.from('four')]))
        assert.deepEqual(
            await h.cmd('write ' + Buffer.concat([mapped.subarray(0, 7), Buffer.from('ok4')]).toString('hex')),
            ['rc 0']
        )
        assert.equal((await v4.next()).msg.toString(), 'ok4')
        v4.close()
        await h.stop()
    }
)

test(
    'binding a port that is taken gives an error event with a message, and the runtime closes the socket',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const holder = await udpSocket('udp4', '127.0.0.1')
        const port = holder.address().port
        const h = startHarness(udpBinary)
        const before = await h.stats()
        const answer = await open(h, 'udp://127.0.0.1', port)
        assert.equal(answer.length, 1)
        assert.match(answer[0], new RegExp(`^error udp bind 127\\.0\\.0\\.1:${port}: .*in use`, 'i'))
        const stats = await h.stats()
        assert.equal(stats.udp_open, 0)
        assert.ok(stats.stock_close > before.stock_close, 'the error made the runtime call jd_tcpsock_close')
        assert.equal(stats.stock_new, 0, 'a udp:// host never reaches the stock TCP code')
        holder.close()
        await h.stop()
    }
)

test(
    'a name after "#" is announced with the bound port (mDNS on the ESP32); none, or one over 63 characters, is not',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const h = startHarness(udpBinary)
        const port = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1#pager-7', port), ['open'])
        const client = await udpSocket('udp4', '127.0.0.1')
        await client.sendTo(Buffer.from('x'), port, '127.0.0.1')
        assert.equal(dataFrames(await h.cmd('pump 1 2000')).length, 1, 'bound to the address before the "#"')
        client.close()
        const port2 = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port2), ['open'])
        const port3 = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1#' + 'n'.repeat(64), port3), ['open'])
        await h.stop()
        assert.deepEqual(
            h.log.split('\n').filter(l => l.startsWith('UDP: announce')),
            [`UDP: announce pager-7._coap._udp port ${port}`]
        )
    }
)

test(
    'CoAP group (224.0.1.187): NON requests reach the VM, error replies to them are not sent, unicast ones are',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const GROUP = '224.0.1.187' // RFC 7252 12.8, All-CoAP-Nodes
        // RFC 7252 3: ver 1 | type | TKL 1, code, message id, token; a reply echoes the token
        const coap = (type, code, token) => Buffer.from([0x41 | (type << 4), code, 0x12, token, token])
        const NON = 1,
            CON = 0,
            GET = 0x01,
            CONTENT = 0x45,
            NOT_FOUND = 0x84
        const h = startHarness(udpBinary)
        const port = await freePort('udp4', '0.0.0.0')
        assert.deepEqual(await open(h, 'udp://0.0.0.0', port), ['open'])
        const client = await udpSocket('udp4', '127.0.0.1')
        client.setMulticastInterface('127.0.0.1') // the harness joined the group on loopback
        const reply = async (frame, type, code) => {
            const answer = coap(type, code, frame[7 + 4]).subarray(0, 5) // the token after the peer header
            return h.cmd('write ' + Buffer.concat([frame.subarray(0, 7), answer]).toString('hex'))
        }

        await client.sendTo(coap(NON, GET, 1).subarray(0, 5), port, GROUP)
        let [frame] = dataFrames(await h.cmd('pump 1 2000'))
        assert.ok(frame, 'a NON request to the group reaches the VM')
        assert.deepEqual(await reply(frame, NON, NOT_FOUND), ['rc 0'])
        await assert.rejects(client.next(300), /no datagram/, 'its 4.04 is not sent')

        await client.sendTo(coap(NON, GET, 2).subarray(0, 5), port, GROUP)
        ;[frame] = dataFrames(await h.cmd('pump 1 2000'))
        assert.deepEqual(await reply(frame, NON, CONTENT), ['rc 0'])
        assert.equal((await client.next()).msg[1], CONTENT, 'a 2.05 to the group request is sent')

        await client.sendTo(coap(CON, GET, 3).subarray(0, 5), port, GROUP)
        assert.deepEqual(dataFrames(await h.cmd('pump 1 300')), [], 'a CON to the group is ignored')

        await client.sendTo(coap(NON, GET, 4).subarray(0, 5), port, '127.0.0.1')
        ;[frame] = dataFrames(await h.cmd('pump 1 2000'))
        assert.deepEqual(await reply(frame, NON, NOT_FOUND), ['rc 0'])
        assert.equal((await client.next()).msg[1], NOT_FOUND, 'a 4.04 to a unicast request is sent')
        const stats = await h.stats()
        assert.equal(stats.group_ignored, 1)
        assert.equal(stats.group_silenced, 1)
        client.close()
        await h.stop()
    }
)

test(
    'a bind address that is not an IP literal, or a bad port, is an error event',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const h = startHarness(udpBinary)
        assert.match(
            (await open(h, 'udp://localhost', 5683))[0],
            /^error udp bind address is not an IP literal localhost:5683/
        )
        assert.match((await open(h, 'udp://0.0.0.0', -5683))[0], /^error udp port out of range/)
        await h.stop()
    }
)

test('pages first: what each datagram asks for is marked in its peer header', { timeout: TEST_TIMEOUT_MS }, async t => {
    const h = startHarness(udpBinary)
    t.after(() => h.stop())
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    const client = await udpSocket('udp4', '127.0.0.1')
    t.after(() => client.close())
    for (const c of PAGE_ASKED_CASES) {
        await client.sendTo(c.msg, port, '127.0.0.1')
        const [frame] = dataFrames(await h.cmd('pump 1 2000'))
        assert.equal(frame[0], 4 | (c.asked << 6), c.what)
        assert.deepEqual(frame.subarray(7), c.msg, c.what)
    }
})

test(
    'pages first: a page waiting in the queue is handed over first, never ahead of its own peer',
    { timeout: TEST_TIMEOUT_MS },
    async t => {
        const h = startHarness(udpBinary)
        t.after(() => h.stop())
        const port = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
        const peers = [await udpSocket('udp4', '127.0.0.1'), await udpSocket('udp4', '127.0.0.1')]
        peers.push(await udpSocket('udp4', '127.0.0.1'))
        t.after(() => peers.forEach(p => p.close()))
        const create = request(POST, uriPath('v1', 'sessions'), '{"number":4}')
        const read = request(GET, uriPath('v1', 'sessions'))
        const pageA = request(POST, uriPath('v1', 'page'), '{"number":4}')
        const pageC = request(POST, uriPath('v1', 'page'), '{"number":5}')
        // All four wait before the first main-loop pass: A creates, B reads, A pages, C pages.
        await peers[0].sendTo(create, port, '127.0.0.1')
        await peers[1].sendTo(read, port, '127.0.0.1')
        await peers[0].sendTo(pageA, port, '127.0.0.1')
        await peers[2].sendTo(pageC, port, '127.0.0.1')
        const frames = dataFrames(await h.cmd('pump 4 2000'))
        assert.deepEqual(
            frames.map(f => f.subarray(7).toString('hex')),
            [create, pageA, pageC, read].map(m => m.toString('hex')),
            "A's create before A's page, then C's page, then B's read"
        )
        assert.equal((await h.stats()).queued, 0)
    }
)

test('a full queue drops new datagrams instead of growing, and recovers', { timeout: TEST_TIMEOUT_MS }, async () => {
    const h = startHarness(udpBinary)
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    const client = await udpSocket('udp4', '127.0.0.1')
    const SENT = QUEUE_LEN + 6
    for (let i = 0; i < SENT; i++) await client.sendTo(Buffer.from('n' + i), port, '127.0.0.1')

    // One main-loop pass reads everything waiting, keeps QUEUE_LEN, drops the rest, and hands the VM one.
    const first = dataFrames(await h.cmd('pass'))
    assert.equal(first.length, 1)
    let stats = await h.stats()
    assert.equal(stats.received, SENT)
    assert.equal(stats.dropped, SENT - QUEUE_LEN)
    assert.equal(stats.queued, QUEUE_LEN - 1)
    assert.ok(stats.wakes > 0, 'asks the main loop to come back for the rest')

    const rest = dataFrames(await h.cmd(`pump ${QUEUE_LEN - 1} 2000`))
    const payloads = [...first, ...rest].map(f => f.subarray(7).toString())
    assert.deepEqual(
        payloads,
        Array.from({ length: QUEUE_LEN }, (_, i) => 'n' + i),
        'the oldest are kept, in order'
    )
    assert.deepEqual(dataFrames(await h.cmd('pump 1 50')), [], 'nothing else was kept')

    await client.sendTo(Buffer.from('after'), port, '127.0.0.1')
    const [again] = dataFrames(await h.cmd('pump 1 2000'))
    assert.equal(again.subarray(7).toString(), 'after')
    stats = await h.stats()
    assert.equal(stats.queued, 0)
    client.close()
    await h.stop()
})

test(
    'a burst of 16 of the largest requests, sent before the main loop runs, is delivered whole and in order',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const BURST = 16 // the burst of host-stand requests; the kernel's socket buffer stands in for lwIP's mailbox
        const h = startHarness(udpBinary)
        const port = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
        const client = await udpSocket('udp4', '127.0.0.1')
        const sent = Array.from({ length: BURST }, (_, i) => Buffer.alloc(MAX_PAYLOAD, 0x61 + i))
        for (const d of sent) await client.sendTo(d, port, '127.0.0.1')

        const first = dataFrames(await h.cmd('pass'))
        const stats = await h.stats()
        assert.equal(stats.received, BURST, 'one pass moves the whole burst into the queue')
        assert.equal(stats.dropped, 0)
        const rest = dataFrames(await h.cmd(`pump ${BURST - 1} 2000`))
        assert.deepEqual(
            [...first, ...rest].map(f => f.subarray(7)),
            sent
        )
        client.close()
        await h.stop()
    }
)

test(
    "a flood larger than one pass's read budget: the queue never holds more than its slots, every datagram is accounted for",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const READS_PER_PASS = 32 // PUDP_READS_PER_PASS default
        const FLOOD = 100
        const h = startHarness(udpBinary)
        const port = await freePort('udp4', '127.0.0.1')
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
        const client = await udpSocket('udp4', '127.0.0.1')
        for (let i = 0; i < FLOOD; i++) await client.sendTo(Buffer.from('f' + i), port, '127.0.0.1')

        await h.cmd('pass')
        let stats = await h.stats()
        assert.equal(stats.received, READS_PER_PASS, 'one pass reads at most its budget (the main loop keeps running)')
        let delivered = 1
        for (let pass = 0; pass < 20 && stats.received < FLOOD; pass++) {
            delivered += dataFrames(await h.cmd('pass')).length
            stats = await h.stats()
            assert.ok(stats.queued <= QUEUE_LEN, `queued ${stats.queued} > ${QUEUE_LEN}`)
        }
        assert.equal(stats.received, FLOOD)
        assert.equal(stats.delivered, delivered)
        assert.equal(stats.received, stats.delivered + stats.dropped + stats.queued + stats.oversize)
        assert.ok(stats.dropped >= FLOOD - QUEUE_LEN - 20, `dropped ${stats.dropped}`)
        client.close()
        await h.stop()
    }
)

test('a datagram longer than the slot is dropped whole, never truncated', { timeout: TEST_TIMEOUT_MS }, async () => {
    const h = startHarness(udpBinary)
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    const client = await udpSocket('udp4', '127.0.0.1')
    await client.sendTo(Buffer.alloc(MAX_PAYLOAD + 1, 0x41), port, '127.0.0.1')
    await client.sendTo(Buffer.alloc(MAX_PAYLOAD, 0x42), port, '127.0.0.1')
    const frames = dataFrames(await h.cmd('pump 1 2000'))
    assert.equal(frames.length, 1)
    assert.deepEqual(frames[0].subarray(7), Buffer.alloc(MAX_PAYLOAD, 0x42))
    assert.equal((await h.stats()).oversize, 1)
    client.close()
    await h.stop()
})

test('malformed write frames are refused with a code and send nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const h = startHarness(udpBinary)
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    const client = await udpSocket('udp4', '127.0.0.1')
    const cport = client.address().port
    const good = header(IPV4_LOOPBACK, cport)
    assert.deepEqual(await h.cmd('write 05' + '00'.repeat(10)), ['rc -2'], 'addrLen must be 4 or 16')
    assert.deepEqual(await h.cmd('write ' + good.subarray(0, 6).toString('hex')), ['rc -2'], 'header cut short')
    assert.deepEqual(
        await h.cmd('write ' + header(IPV6_LOOPBACK, cport).toString('hex')),
        ['rc -3'],
        'IPv6 peer on IPv4 socket'
    )
    await assert.rejects(client.next(200))
    assert.deepEqual(await h.cmd('write ' + good.toString('hex')), ['rc 0'], 'a header alone sends an empty datagram')
    assert.equal((await client.next()).msg.length, 0)
    client.close()
    await h.stop()
})

test('a frame to 0.0.0.0:0 goes to the radio, not to the network', { timeout: TEST_TIMEOUT_MS }, async () => {
    const h = startHarness(udpBinary)
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    const rf = Buffer.from('PBRF\x02 a virtual RF datagram', 'latin1')
    assert.deepEqual(await h.cmd('write ' + Buffer.concat([header([0, 0, 0, 0], 0), rf]).toString('hex')), [
        'radio ' + rf.toString('hex'),
        'rc 0',
    ])
    // Port 0 of another address, or port 1 of 0.0.0.0, is a network peer: the stack sends or refuses it.
    for (const [address, peerPort] of [
        [[0, 0, 0, 1], 0],
        [[0, 0, 0, 0], 1],
    ])
        assert.ok(
            !(await h.cmd('write ' + Buffer.concat([header(address, peerPort), rf]).toString('hex')))[0].startsWith(
                'radio'
            )
        )
    const stats = await h.stats()
    assert.equal(stats.radio, 1)
    assert.equal(stats.sent + stats.send_errors, 2, 'the two other frames went to the stack')
    await h.stop()
})

test(
    'hosts without "udp://" go to the stock TCP code; one socket: opening either kind closes the other',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const h = startHarness(udpBinary)
        assert.deepEqual(await open(h, 'example.com', 443), ['open'])
        let stats = await h.stats()
        assert.equal(stats.stock_new, 1)
        assert.equal(stats.stock_host, 'example.com')
        assert.equal(stats.udp_open, 0)
        assert.deepEqual(await h.cmd('write 68656c6c6f'), ['rc 0'])
        assert.equal((await h.stats()).stock_write, 1)

        const port = await freePort('udp4', '127.0.0.1')
        const closesBefore = (await h.stats()).stock_close
        assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
        stats = await h.stats()
        assert.ok(stats.stock_close > closesBefore, 'the TCP socket was closed')
        assert.equal(stats.udp_open, 1)

        assert.deepEqual(await open(h, 'example.org', 80), ['open'])
        assert.equal((await h.stats()).udp_open, 0, 'the UDP socket was closed')
        const reuse = await udpSocket('udp4', '127.0.0.1') // and its port is free again
        reuse.close()
        await h.stop()
    }
)

test('close: no more events, and the port is free again', { timeout: TEST_TIMEOUT_MS }, async () => {
    const h = startHarness(udpBinary)
    const port = await freePort('udp4', '127.0.0.1')
    assert.deepEqual(await open(h, 'udp://127.0.0.1', port), ['open'])
    await h.cmd('close')
    assert.equal((await h.stats()).udp_open, 0)
    const rebind = dgram.createSocket('udp4')
    await new Promise((resolve, reject) => (rebind.once('error', reject), rebind.bind(port, '127.0.0.1', resolve)))
    rebind.close()
    assert.deepEqual(await h.cmd('pump 1 30'), [])
    await h.stop()
})

test(
    'a stock runtime (no hook) fails "udp://" with the resolve error the firmware reports',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
        const h = startHarness(stockBinary)
        assert.deepEqual(await open(h, 'udp://0.0.0.0', 5683), ["error can't resolve host"])
        await h.stop()
    }
)
