'use strict'
// The API driven by libcoap's coap-client-notls, a client nobody here wrote. It exits 0 even on errors: success
// payloads go to stdout, "<code> <payload>" of errors to stderr.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, coapClient } = require('./harness')

let base
let url
before(async () => {
    base = await startBase()
    url = path => `coap://127.0.0.1:${base.port}${path}`
})
after(() => base && base.stop())

test('create, read, page, list, history and delete with coap-client-notls', async () => {
    const created = await coapClient([
        '-m',
        'post',
        '-t',
        'application/json',
        '-e',
        '{"number":88,"label":"Lee"}',
        url('/v1/sessions'),
    ])
    assert.equal(created.stderr, '')
    assert.equal(JSON.parse(created.stdout).sessions[0].number, 88)

    const one = await coapClient(['-m', 'get', url('/v1/sessions?number=88')])
    assert.equal(JSON.parse(one.stdout).sessions[0].label, 'Lee')

    const paged = await coapClient(['-m', 'put', '-e', '{"action":"page"}', url('/v1/sessions?number=88')])
    assert.equal(JSON.parse(paged.stdout).sessions[0].state, 'paged')

    const removed = await coapClient(['-m', 'delete', '-v', '6', url('/v1/sessions?number=88')])
    assert.match(removed.stdout + removed.stderr, /c:2\.02/)

    const history = await coapClient(['-m', 'get', url('/v1/sessions/history')])
    assert.equal(JSON.parse(history.stdout).session_history[0].clearType, 'REMOVED')

    const missing = await coapClient(['-m', 'get', url('/v1/sessions?number=88')])
    assert.equal(missing.stdout, '')
    assert.match(missing.stderr, /^4\.04 \{"error":".*","field":"number"\}/)
})

test('NON requests (-N) get NON responses', async () => {
    const res = await coapClient(['-m', 'get', '-N', '-v', '6', url('/v1/settings')])
    assert.match(res.stdout + res.stderr, /t:NON c:2\.05/)
})

test('discovery lists the resources', async () => {
    const res = await coapClient(['-m', 'get', url('/.well-known/core')])
    assert.match(res.stdout, /<\/v1\/sessions>;rt="pager\.sessions"/)
    assert.match(res.stdout, /<\/v1\/page>;rt="pager\.page"/)
})

test('coap-client-notls ETag round trip: 2.03 Valid while the list is unchanged', async () => {
    const first = await coapClient(['-m', 'get', '-v', '6', url('/v1/sessions')])
    const etag = /ETag:0x([0-9a-f]+)/i.exec(first.stdout + first.stderr)[1]
    const again = await coapClient(['-m', 'get', '-v', '6', '-O', `4,0x${etag}`, url('/v1/sessions')])
    assert.match(again.stdout + again.stderr, /c:2\.03/)
})
