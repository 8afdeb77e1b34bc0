'use strict'
// The runner's SNTP answer (boards/sim/host-clock.js) checked field by field against RFC 4330 §4-5, with the
// expected timestamps computed here from the NTP era offset (2,208,988,800 s from 1900 to 1970).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { sntpReply } = require('../../boards/sim/host-clock')

/** A client request as RFC 4330 §5 describes it: LI 0, VN 4, mode 3, the transmit timestamp set, zeros elsewhere. */
function clientRequest() {
    const r = Buffer.alloc(48)
    r[0] = 0x23
    Buffer.from('0123456789abcdef', 'hex').copy(r, 40)
    return r
}

test('a client request gets a server reply: mode 4, its version, stratum 1, originate = its transmit timestamp', () => {
    const now = Date.UTC(2026, 11, 5, 8, 30, 15, 250)
    const reply = sntpReply(clientRequest(), now)
    assert.equal(reply.length, 48)
    assert.equal(reply[0], 0x24, 'LI 0, VN 4, mode 4')
    assert.equal(reply[1], 1, 'stratum 1 (primary)')
    assert.equal(reply.subarray(12, 16).toString('latin1'), 'LOCL')
    assert.deepEqual(reply.subarray(24, 32), Buffer.from('0123456789abcdef', 'hex'))
    const seconds = Date.UTC(2026, 11, 5, 8, 30, 15) / 1000 + 2208988800
    for (const at of [16, 32, 40]) {
        assert.equal(reply.readUInt32BE(at), seconds, `seconds at byte ${at}`)
        assert.equal(reply.readUInt32BE(at + 4), 2 ** 30, `a quarter second at byte ${at + 4}`)
    }
})

test('a version 3 request gets a version 3 reply', () => {
    const req = clientRequest()
    req[0] = 0x1b // LI 0, VN 3, mode 3
    assert.equal(sntpReply(req, 0)[0], 0x1c)
})

test('what is not a client request gets no reply', () => {
    assert.equal(sntpReply(Buffer.alloc(47, 0x23), 0), null, 'short')
    const serverMode = clientRequest()
    serverMode[0] = 0x24
    assert.equal(sntpReply(serverMode, 0), null, 'mode 4 (a reply reflected back)')
})
