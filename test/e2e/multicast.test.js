'use strict'
// CoAP multicast discovery (RFC 7252 section 8) in the simulator, over loopback: the base listens on
// All-CoAP-Nodes 224.0.1.187 at its port. libcoap's coap-client-notls, bound to 127.0.0.1 (so Linux sends the
// group request out of the loopback interface), finds it with GET /.well-known/core; a request to the group that
// fails gets no answer at all, while the same request sent to the base itself gets its 4.04.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, coapClient } = require('./harness')

const GROUP = '224.0.1.187' // RFC 7252 12.8, All-CoAP-Nodes
let base
before(async () => {
    base = await startBase()
})
after(() => base && base.stop())

/** A NON GET (RFC 7252 3: ver 1, type 1, TKL 2; code 0.01; Uri-Path options, delta 11) for path segments. */
function nonGet(mid, token, segments) {
    const options = []
    let delta = 11
    for (const s of segments) {
        options.push(Buffer.from([(delta << 4) | s.length]), Buffer.from(s))
        delta = 0
    }
    return Buffer.concat([Buffer.from([0x52, 0x01, mid >> 8, mid & 0xff]), token, ...options])
}

/** Sends `bytes` to address:port from 127.0.0.1 (multicast out of loopback) and collects replies for waitMs. */
function exchange(address, bytes, waitMs) {
    const socket = dgram.createSocket('udp4')
    const got = []
    socket.on('message', (msg, rinfo) => got.push({ msg, rinfo }))
    return new Promise((resolve, reject) => {
        socket.once('error', reject)
        socket.bind(0, '127.0.0.1', () => {
            socket.setMulticastInterface('127.0.0.1')
            socket.send(bytes, base.port, address, err => {
                if (err) return reject(err)
                setTimeout(() => (socket.close(), resolve(got)), waitMs)
            })
        })
    })
}

test('GET /.well-known/core to the group: coap-client-notls finds the base and its resources', async () => {
    const unicast = await coapClient(['-m', 'get', '-N', `coap://127.0.0.1:${base.port}/.well-known/core`])
    assert.match(unicast.stdout, /<\/v1\/sessions>/)
    // -a: the client's own address; -B: how long it listens for the group's answers
    const group = await coapClient([
        '-a',
        '127.0.0.1',
        '-m',
        'get',
        '-N',
        '-B',
        '2',
        `coap://${GROUP}:${base.port}/.well-known/core`,
    ])
    assert.equal(group.stdout.trim(), unicast.stdout.trim(), group.stderr)
})

test("the answer to the group comes from the base's own address, as a NON with the request's token", async () => {
    const token = Buffer.from([0xa1, 0x5e])
    const got = await exchange(GROUP, nonGet(0x1234, token, ['.well-known', 'core']), 1000)
    assert.equal(got.length, 1)
    const { msg, rinfo } = got[0]
    assert.equal(rinfo.address, '127.0.0.1')
    assert.equal(rinfo.port, base.port)
    assert.equal((msg[0] >> 4) & 3, 1, 'NON')
    assert.equal(msg[1], 0x45, '2.05 Content')
    assert.deepEqual(msg.subarray(4, 6), token)
})

test('a group request that fails gets no answer; sent to the base itself it gets its 4.04', async () => {
    const token = Buffer.from([0x0b, 0x0e])
    const request = nonGet(0x2345, token, ['no', 'such'])
    assert.deepEqual(await exchange(GROUP, request, 1000), [])
    const direct = await exchange('127.0.0.1', request, 1000)
    assert.equal(direct.length, 1)
    assert.equal(direct[0].msg[1], 0x84, '4.04 Not Found')
    // and a confirmable request to the group is ignored, never answered with a Reset (RFC 7252 8.1)
    const con = Buffer.from(request)
    con[0] = 0x42
    assert.deepEqual(await exchange(GROUP, con, 600), [])
})
