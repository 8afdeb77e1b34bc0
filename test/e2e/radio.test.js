'use strict'
// Pages end to end: a CoAP request to the firmware in the simulator, the virtual RF datagram captured at the
// --rf-monitor address, decoded by rtl_433 / multimon-ng, and compared with values computed by hand from the
// references (test/radio/expectations.js).

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const { startBase, request } = require('./harness')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')
const { t112, t119, td157, td158, td161, lrs, capcode, pocsagMs, page, F, LRS_MHZ } = require('../radio/expectations')

let base
let monitor
const captured = []

before(async () => {
    monitor = dgram.createSocket('udp4')
    monitor.on('message', msg => captured.push(msg))
    await new Promise(r => monitor.bind(0, '127.0.0.1', r))
    base = await startBase({ rfMonitor: `127.0.0.1:${monitor.address().port}` })
})
after(async () => {
    if (base) await base.stop()
    if (monitor) monitor.close()
})

/** Waits (bounded) until `count` more transmissions arrived after `from`; returns them. */
async function transmissions(from, count, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs
    while (captured.length < from + count && Date.now() < deadline) await new Promise(r => setTimeout(r, 50))
    assert.equal(captured.length, from + count, `expected ${count} transmission(s)`)
    return captured.slice(from, from + count)
}

async function settings(body) {
    const res = await request(base.port, { method: 'POST', pathname: '/v1/settings', body })
    assert.equal(res.code, '2.04', JSON.stringify(res.json))
}

async function pageAndDecode(body) {
    const from = captured.length
    const res = await request(base.port, { method: 'POST', pathname: '/v1/page', body })
    assert.equal(res.code, '2.04', JSON.stringify(res.json))
    const [datagram] = await transmissions(from, 1)
    return decodeVirtualRf(datagram)
}

function assertOok(got, want) {
    assert.equal(got.decoded.length, 1, JSON.stringify(got.decoded))
    for (const k of ['code', 'system', 'pager', 'action', 'count']) assert.equal(got.decoded[0][k], want[k], k)
    assert.equal(got.airtimeMs, want.airtimeMs)
}

test('the default radio is Retekess T112: POST /v1/page with the reference ids decodes as code 130440', async () => {
    const got = await pageAndDecode({ number: 17, systemId: 200 })
    assert.equal(got.protocol, 'retekess-t112')
    assertOok(got, { ...t112(200, 17), code: '130440' })
})

test('PUT ?number= {"action":"page"} transmits to the session pager with the configured system id, then marks it paged', async () => {
    await settings({ systemId: 8191 })
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 1023 } })
    const from = captured.length
    const res = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=1023',
        body: { action: 'page' },
    })
    assert.equal(res.code, '2.04')
    assert.equal(res.json.sessions[0].state, 'paged')
    const [datagram] = await transmissions(from, 1)
    assertOok(await decodeVirtualRf(datagram), t112(8191, 1023))
})

test('POST /v1/sessions with action page creates, transmits and marks paged at once', async () => {
    await settings({ systemId: 0 })
    const from = captured.length
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/sessions',
        body: { number: 0, action: 'page' },
    })
    assert.equal(res.code, '2.01')
    assert.equal(res.json.sessions[0].state, 'paged')
    const [datagram] = await transmissions(from, 1)
    assertOok(await decodeVirtualRf(datagram), t112(0, 0))
})

test('every Retekess protocol at its extreme ids', async () => {
    const cases = [
        ['retekess-t119', 8191, 1023, t119],
        ['retekess-td157', 1023, 0, td157],
        ['retekess-td158', 1, 1023, td158],
        ['retekess-td161', 999, 999, td161],
    ]
    for (const [protocol, system, pager, expected] of cases) {
        await settings({ radioProtocol: protocol, systemId: system })
        const got = await pageAndDecode({ number: pager })
        assert.equal(got.protocol, protocol)
        assertOok(got, expected(system, pager))
    }
})

test('LRS coaster pages carry the pageMode as the AM alert byte', async () => {
    await settings({ radioProtocol: 'lrs', systemId: 255 })
    const got = await pageAndDecode({ number: 4095, pageMode: 'Flash5Min' })
    const want = lrs(255, 4095, 0x02)
    assert.equal(got.carrierHz, LRS_MHZ)
    for (const k of ['restaurant', 'system', 'pager', 'alert', 'checksumOk'])
        assert.equal(got.decoded[0][k], want[k], k)
})

test('POCSAG alpha and numeric messages reach the T7470 capcode of system and pager', async () => {
    await settings({ radioProtocol: 'pocsag1200', systemId: 3 })
    const alpha = await pageAndDecode({ number: 23, message: 'Your table is ready' })
    assert.deepEqual(
        alpha.decoded.map(p => page(p.capcode, p.function, p.kind, p.message)),
        [page(1000184, F, 'alpha', 'Your table is ready')]
    )
    assert.equal(alpha.airtimeMs, pocsagMs(1, 1200))
    await settings({ radioProtocol: 'pocsag512-numeric', systemId: 25 })
    const numeric = await pageAndDecode({ number: 15, message: '42', systemId: 25 })
    assert.deepEqual(
        numeric.decoded.map(p => page(p.capcode, p.function, p.kind, p.message)),
        [page(130120, F, 'numeric', '42')]
    )
})

test('POCSAG pages queued together leave in one transmission after one preamble', async () => {
    await settings({ radioProtocol: 'pocsag512', systemId: 1 })
    const from = captured.length
    for (const n of [10, 11, 12, 13, 14]) {
        const res = await request(base.port, {
            method: 'POST',
            pathname: '/v1/page',
            body: { number: n, message: 'T' + n },
        })
        assert.equal(res.code, '2.04')
    }
    // An idle POCSAG transmitter gathers for 50 ms, then takes what waits, and what comes meanwhile goes next: one
    // transmission when the five requests take under 50 ms, as they do here; at most two on a slow host (not five).
    const pages = []
    let sent = 0
    const deadline = Date.now() + 20000
    while (pages.length < 5 && Date.now() < deadline) {
        if (captured.length > from + sent) {
            const got = await decodeVirtualRf(captured[from + sent++])
            pages.push(...got.decoded.map(p => page(p.capcode, p.function, p.kind, p.message)))
        } else await new Promise(r => setTimeout(r, 50))
    }
    assert.deepEqual(
        pages,
        [10, 11, 12, 13, 14].map(n => page(capcode(1, n), F, 'alpha', 'T' + n))
    )
    assert.ok(sent <= 2, `${sent} transmissions`)
})

test('bad page requests are 4.00 naming the API field and transmit nothing', async () => {
    await settings({ radioProtocol: 'retekess-t112', systemId: 5 })
    const from = captured.length
    const cases = [
        [{ number: 1024 }, 'number'],
        [{ number: 5, pageMode: 'Sing' }, 'pageMode'],
        [{ number: 5, systemId: 8192 }, 'systemId'],
    ]
    for (const [body, field] of cases) {
        const res = await request(base.port, { method: 'POST', pathname: '/v1/page', body })
        assert.equal(res.code, '4.00', JSON.stringify(body))
        assert.equal(res.json.field, field)
    }
    const wrong = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { radioProtocol: 'morse' },
    })
    assert.equal(wrong.code, '4.00')
    assert.equal(wrong.json.field, 'radioProtocol')
    await new Promise(r => setTimeout(r, 300))
    assert.equal(captured.length, from)
})

test('a full transmitter queue answers 5.03 and a refused page leaves the session unpaged', async () => {
    // LRS: about 1.2 s on air each and never batched, so 22 quick pages overflow 1 on air + 20 queued.
    await settings({ radioProtocol: 'lrs', systemId: 9 })
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 900 } })
    const codes = []
    for (let n = 0; n < 22; n++) {
        const res = await request(base.port, { method: 'POST', pathname: '/v1/page', body: { number: n } })
        codes.push(res.code)
        if (res.code === '5.03') assert.match(res.json.error, /queue full/)
    }
    assert.ok(codes.includes('5.03'), codes.join(' '))
    const refused = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=900',
        body: { action: 'page' },
    })
    assert.equal(refused.code, '5.03')
    const session = await request(base.port, { pathname: '/v1/sessions', query: 'number=900' })
    assert.equal(session.json.sessions[0].state, 'started')
    const status = await request(base.port, { pathname: '/v1/status' })
    assert.equal(status.json.status.radio.queued, status.json.status.radio.queueCapacity)
})

test('radioRepeats and radioCarrierHz shape the transmission', async () => {
    // Let the LRS backlog from the test above drain first (bounded wait).
    const deadline = Date.now() + 40000
    for (;;) {
        const s = await request(base.port, { pathname: '/v1/status' })
        if (!s.json.status.radio.onAir && s.json.status.radio.queued === 0) break
        assert.ok(Date.now() < deadline, 'radio queue did not drain')
        await new Promise(r => setTimeout(r, 250))
    }
    await settings({ radioProtocol: 'retekess-t112', systemId: 42, radioRepeats: 3, radioCarrierHz: 433890000 })
    const from = captured.length
    const res = await request(base.port, { method: 'POST', pathname: '/v1/page', body: { number: 7 } })
    assert.equal(res.code, '2.04')
    const sent = await transmissions(from, 3)
    for (const datagram of sent) {
        const got = await decodeVirtualRf(datagram)
        assert.equal(got.carrierHz, 433890000)
        assertOok(got, t112(42, 7))
    }
})
