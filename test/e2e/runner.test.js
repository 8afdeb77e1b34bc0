'use strict'
// What the simulator runner tells a newcomer (docs/udp-contract.md, "The simulator runner's side"): the firmware
// logs the port it binds, the CoAP default 5683 (RFC 7252 §6.1), while the runner serves it on another; the runner
// says once where that port really is.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request } = require('./harness')

test('the runner logs once where the firmware\'s udp port 5683 really is, and it serves there', { timeout: 60000 }, async () => {
    const base = await startBase()
    try {
        assert.equal((await request(base.port, { pathname: '/v1/settings' })).code, '2.05')
        const mapping = base.log().match(/^pagerbase: the firmware's udp port (\d+) is udp:\/\/127\.0\.0\.1:(\d+) here$/gm)
        assert.equal(mapping.length, 1, base.log())
        assert.equal(mapping[0], `pagerbase: the firmware's udp port 5683 is udp://127.0.0.1:${base.port} here`)
        assert.notEqual(base.port, 5683, 'the harness asks for any free port')
        assert.match(base.log(), /coap: serving on udp port 5683/)
    } finally {
        await base.stop()
    }
})
