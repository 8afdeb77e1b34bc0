'use strict'
// The radioModule setting: "ook" by default, shown by GET /v1/settings and /v1/status, refused (4.00 naming the field
// the request changed, nothing changed) when the module cannot send on the effective carrier (radioCarrierHz, or
// the protocol's own), and kept across a restart. Bands: CC1101 300-348, 387-464, 779-928 MHz; SX1278 137-525 MHz.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request } = require('./harness')

const getSettings = async port => (await request(port, { pathname: '/v1/settings' })).json.settings

async function post(port, body) {
    return request(port, { method: 'POST', pathname: '/v1/settings', body })
}

async function refused(port, body, field) {
    const before = await getSettings(port)
    const res = await post(port, body)
    assert.equal(res.code, '4.00', JSON.stringify(body))
    assert.equal(res.json.field, field, JSON.stringify(res.json))
    const { datetime, ...rest } = await getSettings(port)
    delete before.datetime
    assert.deepEqual(rest, before, 'nothing changed')
    return res.json.error
}

test('radioModule: default ook, impossible combinations refused, a valid choice survives a restart', async () => {
    let base = await startBase()
    const flash = base.flash
    try {
        assert.equal((await getSettings(base.port)).radioModule, 'ook')
        assert.equal((await request(base.port, { pathname: '/v1/status' })).json.status.radio.module, 'ook')

        // A CC1101 cannot reach the 467.75 MHz of the POCSAG and LRS protocols.
        const why = await refused(base.port, { radioModule: 'cc1101', radioProtocol: 'pocsag1200' }, 'radioModule')
        assert.match(why, /cc1101 cannot send on 467750000 Hz/)
        await refused(base.port, { radioModule: 'CC1101' }, 'radioModule')
        await refused(base.port, { radioModule: 1 }, 'radioModule')

        // With the module set, the field that would break the combination is named.
        assert.equal((await post(base.port, { radioModule: 'cc1101' })).code, '2.04')
        await refused(base.port, { radioProtocol: 'lrs' }, 'radioProtocol')
        await refused(base.port, { radioCarrierHz: 868000000, radioModule: 'sx1278' }, 'radioModule')
        await refused(base.port, { radioCarrierHz: 500000000 }, 'radioCarrierHz')
        // The effective carrier counts: LRS on 446.15625 MHz is within the CC1101's 387-464 MHz band.
        const lrs446 = await post(base.port, { radioProtocol: 'lrs', radioCarrierHz: 446156250, systemId: 3 })
        assert.equal(lrs446.code, '2.04', JSON.stringify(lrs446.json))
        await refused(base.port, { radioCarrierHz: 0 }, 'radioCarrierHz')

        // An SX1278 reaches 467.75 MHz.
        const sx = await post(base.port, { radioModule: 'sx1278', radioCarrierHz: 0 })
        assert.equal(sx.code, '2.04', JSON.stringify(sx.json))
        assert.equal(sx.json.settings.radioModule, 'sx1278')
        assert.equal((await request(base.port, { pathname: '/v1/status' })).json.status.radio.module, 'sx1278')
    } finally {
        await base.stop()
    }
    base = await startBase({ flash })
    try {
        const s = await getSettings(base.port)
        assert.deepEqual([s.radioModule, s.radioProtocol, s.radioCarrierHz, s.systemId], ['sx1278', 'lrs', 0, 3])
        assert.equal((await request(base.port, { pathname: '/v1/status' })).json.status.radio.module, 'sx1278')
        // Back to the plain OOK module, which takes any protocol.
        assert.equal((await post(base.port, { radioModule: 'ook' })).code, '2.04')
        assert.equal((await getSettings(base.port)).radioModule, 'ook')
    } finally {
        await base.stop()
    }
})
