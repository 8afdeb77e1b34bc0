'use strict'
// The simulator's HTTP <-> CoAP mapping against the shared cases (cases.js); its bytes read by coap-packet.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const packet = require('coap-packet')
const { requests, responses } = require('./cases')
const { coapRequest, httpHead } = require('../../boards/sim/http/mapping')
const { encodeMessage, decodeMessage } = require('../../boards/sim/http/coap-message')

/** What coap-packet reads in a request datagram: {code, options: [[name, hex]]}. */
function readBack(bytes) {
    const p = packet.parse(bytes)
    return { code: p.code, options: p.options.map(o => [o.name, Buffer.from(o.value).toString('hex')]) }
}

/** A response datagram made by coap-packet for a case. */
function responseBytes(c) {
    const options = []
    if (c.etag) options.push({ name: 'ETag', value: Buffer.from(c.etag, 'hex') })
    if (c.format) options.push({ name: 'Content-Format', value: Buffer.from([c.format]) })
    return packet.generate({
        code: c.code,
        ack: true,
        messageId: 7,
        token: Buffer.from('abcd', 'hex'),
        options,
        payload: Buffer.from(c.payload || ''),
    })
}

for (const c of requests) {
    test(`request: ${c.name}`, () => {
        const got = coapRequest(c.method, c.target, c.headers)
        if (c.expect.status) return assert.equal(got.status, c.expect.status, JSON.stringify(got))
        const bytes = encodeMessage({
            type: 0,
            code: got.code,
            mid: 0x1234,
            token: Buffer.from('abcd', 'hex'),
            options: got.options,
        })
        assert.deepEqual(readBack(bytes), c.expect)
    })
}

for (const c of responses) {
    test(`response: ${c.name}`, () => {
        const msg = decodeMessage(responseBytes(c))
        const head = httpHead(msg.code, msg.options, msg.payload.length > 0)
        assert.equal(head.status, c.expect.status)
        assert.equal(head.headers.etag, c.expect.etag)
        assert.equal(head.headers['content-type'], c.expect.type)
    })
}

test('long options use the extended length forms (RFC 7252 §3.1), as coap-packet reads them', () => {
    for (const length of [12, 13, 268, 269, 300]) {
        const value = Buffer.alloc(length, 0x61)
        const bytes = encodeMessage({
            type: 0,
            code: 1,
            mid: 1,
            token: Buffer.alloc(0),
            options: [
                [11, value],
                [60, Buffer.from([4])],
            ],
        })
        const p = packet.parse(bytes)
        assert.deepEqual(
            p.options.map(o => [o.name, o.value.length]),
            [
                ['Uri-Path', length],
                ['Size1', 1],
            ]
        )
        assert.deepEqual(
            decodeMessage(bytes).options.map(o => [o[0], o[1].length]),
            [
                [11, length],
                [60, 1],
            ]
        )
    }
})
