'use strict'
// RFC 7252 / 7959 / 6690 behaviour of the firmware's CoAP server, with hand-built datagrams (bytes written from the
// RFC here, not produced by the firmware's codec) and node-coap for the block-wise exchanges.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request, rawExchange } = require('./harness')
const { message, header, payloadOf, optionValue } = require('./raw-coap')

let base
before(async () => {
    base = await startBase()
})
after(() => base && base.stop())

const sessionsPath = [
    [11, 'v1'],
    [11, 'sessions'],
]

test('TD_COAP_CORE_31: an empty CON (ping) gets a 4-byte RST with the same MID', async () => {
    const replies = await rawExchange(base.port, Buffer.from([0x40, 0x00, 0xbe, 0xef]))
    assert.equal(replies.length, 1)
    assert.deepEqual([...replies[0]], [0x70, 0x00, 0xbe, 0xef])
})

test('TD_COAP_CORE_01/10: a CON GET gets a piggybacked ACK 2.05 with the same MID and token, Content-Format 50', async () => {
    const token = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])
    const replies = await rawExchange(base.port, message({ mid: 0x4242, token, options: sessionsPath }))
    assert.equal(replies.length, 1)
    const h = header(replies[0])
    assert.deepEqual(h, { type: 2, tkl: 8, code: '2.05', mid: 0x4242 })
    assert.deepEqual(replies[0].subarray(4, 12), token)
    assert.deepEqual([...optionValue(replies[0], 12)], [50])
    assert.ok(payloadOf(replies[0]).startsWith('{"responseTypes":'))
})

test('TD_COAP_CORE_12: a zero-length token is accepted and echoed', async () => {
    const replies = await rawExchange(base.port, message({ mid: 7, options: sessionsPath }))
    assert.equal(header(replies[0]).tkl, 0)
    assert.equal(header(replies[0]).code, '2.05')
})

test('TD_COAP_CORE_05: a NON GET gets a NON 2.05 with a server-generated MID and the same token', async () => {
    const token = Buffer.from([0xaa])
    const replies = await rawExchange(base.port, message({ type: 1, mid: 0x0102, token, options: sessionsPath }))
    const h = header(replies[0])
    assert.equal(h.type, 1)
    assert.equal(h.code, '2.05')
    assert.notEqual(h.mid, 0x0102)
    assert.equal(replies[0][4], 0xaa)
})

test('TD_COAP_CORE_06/07/08: NON POST, PUT and DELETE get NON 2.01, 2.04 and 2.02 responses', async () => {
    const body = (type, code, mid, options, payload) =>
        message({ type, code, mid, token: Buffer.from([mid & 0xff]), options, payload })
    const post = await rawExchange(base.port, body(1, 2, 0x6001, sessionsPath, '{"number":611}'))
    assert.deepEqual([header(post[0]).type, header(post[0]).code], [1, '2.01'])
    const put = await rawExchange(
        base.port,
        body(1, 3, 0x6002, [...sessionsPath, [15, 'number=611']], '{"partySize":3}')
    )
    assert.deepEqual([header(put[0]).type, header(put[0]).code], [1, '2.04'])
    const del = await rawExchange(base.port, body(1, 4, 0x6003, [...sessionsPath, [15, 'number=611']]))
    assert.deepEqual([header(del[0]).type, header(del[0]).code], [1, '2.02'])
})

test('dedup: a retransmitted CON POST gets the identical response and creates one session only', async () => {
    const before = await request(base.port, { pathname: '/v1/sessions/statistics' })
    const post = message({
        type: 0,
        code: 2,
        mid: 0x5151,
        token: Buffer.from([9]),
        options: sessionsPath,
        payload: '{"number":701}',
    })
    // Same socket, same MID: retransmissions of one request.
    const replies = await rawExchange(base.port, [post, post, post])
    assert.equal(replies.length, 3)
    assert.equal(header(replies[0]).code, '2.01')
    assert.deepEqual(replies[1], replies[0])
    assert.deepEqual(replies[2], replies[0])
    const list = await request(base.port, { pathname: '/v1/sessions' })
    assert.equal(list.json.sessions.filter(s => s.number === 701).length, 1)
    assert.equal(list.json.statistics.numSessions, before.json.statistics.numSessions + 1)
})

test('an unknown critical option (65001, extended delta) is 4.02 with a diagnostic; an unknown elective one is ignored', async () => {
    const critical = await rawExchange(base.port, message({ options: [...sessionsPath, [65001, '']] }))
    assert.equal(header(critical[0]).code, '4.02')
    assert.ok(JSON.parse(payloadOf(critical[0])).error)
    const elective = await rawExchange(base.port, message({ options: [...sessionsPath, [65000, 'x']] }))
    assert.equal(header(elective[0]).code, '2.05')
})

test('Uri-Host and Uri-Port are accepted; Proxy-Uri is 5.05', async () => {
    const host = await rawExchange(
        base.port,
        message({ options: [[3, '127.0.0.1'], [7, Buffer.from([0x16, 0x33])], ...sessionsPath] })
    )
    assert.equal(header(host[0]).code, '2.05')
    const proxy = await rawExchange(base.port, message({ options: [[35, 'coap://example/x']] }))
    assert.equal(header(proxy[0]).code, '5.05')
})

test('format errors: Ver=2 and a 3-byte datagram are ignored; TKL 9, 0xFF without payload get an RST', async () => {
    const silent = await rawExchange(base.port, [Buffer.from([0x80, 0x01, 0, 1]), Buffer.from([0x40, 0x01, 0])])
    assert.equal(silent.length, 0)
    const tkl9 = await rawExchange(base.port, Buffer.from([0x49, 0x01, 0x33, 0x44, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
    assert.deepEqual([...tkl9[0]], [0x70, 0x00, 0x33, 0x44])
    const marker = await rawExchange(
        base.port,
        Buffer.concat([message({ mid: 0x5566, options: sessionsPath }), Buffer.from([0xff])])
    )
    assert.deepEqual([...marker[0]], [0x70, 0x00, 0x55, 0x66])
    const ackWithRequest = await rawExchange(base.port, message({ type: 2, options: sessionsPath }))
    assert.equal(ackWithRequest.length, 0)
})

test('4.04 unknown path, 4.05 wrong method, 4.15 non-JSON body, 4.06 unmeetable Accept', async () => {
    const notFound = await request(base.port, { pathname: '/v2/nothing' })
    assert.equal(notFound.code, '4.04')
    const wrongMethod = await request(base.port, { method: 'PUT', pathname: '/v1/settings', body: {} })
    assert.equal(wrongMethod.code, '4.05')
    const textBody = await rawExchange(
        base.port,
        message({ code: 2, options: [...sessionsPath, [12, Buffer.alloc(0)]], payload: 'number=5' })
    )
    assert.equal(header(textBody[0]).code, '4.15')
    const accept = await rawExchange(base.port, message({ options: [...sessionsPath, [17, Buffer.from([0])]] }))
    assert.equal(header(accept[0]).code, '4.06')
    const fetch = await rawExchange(base.port, message({ code: 5, options: sessionsPath }))
    assert.equal(header(fetch[0]).code, '4.05')
})

test('a body over 640 bytes without Block1 is 4.13 with Size1 (docs/api.md)', async () => {
    const body = JSON.stringify({ number: 5, label: 'x'.repeat(700) })
    const replies = await rawExchange(base.port, message({ code: 2, options: sessionsPath, payload: body }))
    assert.equal(header(replies[0]).code, '4.13')
    assert.deepEqual([...optionValue(replies[0], 60)], [0x02, 0x80])
})

test('a first Block1 block of 1024 bytes (more to come) is 4.13 with Size1 (RFC 7959 §2.9.3)', async () => {
    // Block1 num 0, M=1, SZX 6: the block alone is past the 640-byte body the base accepts.
    const block1 = [27, Buffer.from([0x0e])]
    const payload = '{"label":"' + 'x'.repeat(1024 - 12) + '"}'
    assert.equal(payload.length, 1024)
    const replies = await rawExchange(base.port, message({ code: 2, options: [...sessionsPath, block1], payload }))
    assert.equal(header(replies[0]).code, '4.13')
    assert.deepEqual([...optionValue(replies[0], 60)], [0x02, 0x80])
})

test('TD_COAP_LINK_01/02: /.well-known/core lists every resource in link format, filterable by rt', async () => {
    const res = await request(base.port, { pathname: '/.well-known/core' })
    assert.equal(res.code, '2.05')
    assert.equal(res.options.find(o => o.name === 'Content-Format').value, 'application/link-format')
    const text = res.payload.toString()
    for (const href of ['/v1/sessions', '/v1/sessions/history', '/v1/sessions/statistics', '/v1/settings', '/v1/page'])
        assert.ok(text.includes(`<${href}>;`), href)
    assert.match(text, /<\/v1\/sessions>;rt="pager.sessions";if="core.b";ct=50/)
    const filtered = await request(base.port, { pathname: '/.well-known/core', query: 'rt=pager.settings' })
    assert.equal(filtered.payload.toString(), '</v1/settings>;rt="pager.settings";if="core.p";ct=50')
    const prefix = await request(base.port, { pathname: '/.well-known/core', query: 'href=/v1/sessions*' })
    assert.equal(prefix.payload.toString().split(',').length, 3)
    // TD_COAP_LINK_03, 05, 07: rt=*, an if= prefix, an exact href.
    const anyRt = await request(base.port, { pathname: '/.well-known/core', query: 'rt=*' })
    assert.equal(anyRt.payload.toString(), text)
    const ifPrefix = await request(base.port, { pathname: '/.well-known/core', query: 'if=core.r*' })
    assert.equal(
        ifPrefix.payload.toString(),
        '</v1/sessions/statistics>;rt="pager.statistics";if="core.rp";ct=50,</v1/status>;rt="pager.status";if="core.rp";ct=50,</v1/quote>;rt="pager.quote";if="core.rp";ct=50'
    )
    const exact = await request(base.port, { pathname: '/.well-known/core', query: 'href=/v1/page' })
    assert.equal(exact.payload.toString(), '</v1/page>;rt="pager.page";if="core.a";ct=50')
})

test('TD_COAP_CORE_22/23: If-Match with a stale ETag and If-None-Match on an existing session are 4.12', async () => {
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 801 } })
    const stale = await request(base.port, {
        method: 'PUT',
        pathname: '/v1/sessions',
        query: 'number=801',
        options: { 'If-Match': Buffer.from([0, 0, 0, 0]) },
        body: { partySize: 2 },
    })
    assert.equal(stale.code, '4.12')
    const exists = await request(base.port, {
        method: 'POST',
        pathname: '/v1/sessions',
        options: { 'If-None-Match': Buffer.alloc(0) },
        body: { number: 801 },
    })
    assert.equal(exists.code, '4.12')
    const fresh = await request(base.port, {
        method: 'POST',
        pathname: '/v1/sessions',
        options: { 'If-None-Match': Buffer.alloc(0) },
        body: { number: 802 },
    })
    assert.equal(fresh.code, '2.01')
})

test('the server keeps serving after all of the above', async () => {
    const res = await request(base.port, { pathname: '/v1/settings' })
    assert.equal(res.code, '2.05')
    assert.ok(!/PANIC|Unhandled exception/.test(base.log()), base.log())
})
