'use strict'
// Session uuids (docs/storage.md "Session uuids"): the base derives each from the session's id and creation time
// with HMAC-SHA256 under a 16-byte key it stores once, and sets the version 4 bits (RFC 4122 §4.4). Checked here
// against Node's own HMAC over the key read from the flash file, and across a restart.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const { readSettings } = require('./fstor')
const { startBase, request } = require('./harness')

/** The uuid RFC 4122 §4.4 makes of 16 pseudo-random bytes: version 4, variant 10xx, as 8-4-4-4-12 hex. */
function uuid4(bytes) {
    const b = Buffer.from(bytes.subarray(0, 16))
    b[6] = (b[6] & 0x0f) | 0x40
    b[8] = (b[8] & 0x3f) | 0x80
    const h = b.toString('hex')
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-')
}

/** HMAC-SHA256 under `key` of the id and the creation time (local epoch seconds), each a u32 little-endian. */
function expectedUuid(key, session) {
    const message = Buffer.alloc(8)
    message.writeUInt32LE(session.id, 0)
    message.writeUInt32LE(Date.parse(session.created + 'Z') / 1000, 4)
    return uuid4(crypto.createHmac('sha256', key).update(message).digest())
}

test('a session uuid is HMAC-SHA256 of its id and creation time under the stored key, the same after a restart', async () => {
    let base = await startBase()
    const flash = base.flash
    let listed
    try {
        await request(base.port, {
            method: 'POST',
            pathname: '/v1/settings',
            body: { datetime: '2024-02-29T19:30:00' },
        })
        for (const [number, label] of [
            [11, 'Ana'],
            [12, null],
            [13, 'Zoë'],
        ])
            await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number, label } })
        listed = (await request(base.port, { pathname: '/v1/sessions' })).json.sessions
    } finally {
        await base.stop()
    }
    const { live } = readSettings(fs.readFileSync(flash))
    const key = live[':sesuuid']
    assert.equal(key.length, 16)
    assert.equal(listed.length, 3)
    for (const s of listed) assert.equal(s.uuid, expectedUuid(key, s), `session ${s.number}`)
    assert.equal(new Set(listed.map(s => s.uuid)).size, 3)
    // In flash a record is 31 bytes and its label (UTF-8): no uuid. Slots 0 and 1 share the first key.
    assert.equal(live[':ses0'].length, 31 + 3 + 31)
    assert.equal(live[':ses1'].length, 31 + Buffer.byteLength('Zoë') + 1)

    base = await startBase({ flash })
    try {
        const again = (await request(base.port, { pathname: '/v1/sessions' })).json.sessions
        assert.deepEqual(
            again.map(s => [s.id, s.uuid]),
            listed.map(s => [s.id, s.uuid])
        )
        assert.deepEqual(readSettings(fs.readFileSync(flash)).live[':sesuuid'], key)
    } finally {
        await base.stop()
    }
})
