'use strict'
// HTTP through the simulator's mapping to the real firmware, checked against node-coap talking CoAP to the same
// base: the same representations, ETag -> 304, Block2 bodies streamed whole, the firmware's own errors and limits,
// and HTTP that is malformed, oversize or piles up connections answered 4xx without disturbing CoAP clients.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const net = require('node:net')
const zlib = require('node:zlib')
const crypto = require('node:crypto')
const { startBase, request } = require('../e2e/harness')

let base
let origin
before(async () => {
    base = await startBase()
    origin = new URL(base.httpUrl)
})
after(async () => {
    if (base) await base.stop()
})

/** One HTTP request with Node's client: {status, headers, body (Buffer), json}. */
function fetchHttp(method, path, { body, headers = {}, agent = false } = {}) {
    return new Promise((resolve, reject) => {
        const h = { ...headers }
        if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
        const req = http.request({ host: origin.hostname, port: origin.port, method, path, headers: h, agent }, res => {
            const chunks = []
            res.on('data', c => chunks.push(c))
            res.on('end', () => {
                const data = Buffer.concat(chunks)
                let json
                try {
                    json = JSON.parse(data.toString('utf-8'))
                } catch {
                    json = undefined
                }
                resolve({ status: res.statusCode, headers: res.headers, body: data, json })
            })
        })
        req.setTimeout(20000, () => req.destroy(new Error(`no answer to ${method} ${path}`)))
        req.on('error', reject)
        if (body !== undefined)
            req.write(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body))
        req.end()
    })
}

/** Raw bytes over TCP; resolves with whatever came back before the server closed or `ms` passed. */
function rawHttp(bytes, ms = 3000) {
    return new Promise(resolve => {
        const socket = net.connect(Number(origin.port), origin.hostname)
        const chunks = []
        const done = () => {
            socket.destroy()
            resolve(Buffer.concat(chunks).toString('latin1'))
        }
        socket.on('data', c => chunks.push(c))
        socket.on('error', done)
        socket.on('close', done)
        socket.on('connect', () => socket.end(bytes))
        setTimeout(done, ms)
    })
}

const withoutTime = json => ({ ...json, timestamp: undefined })

test('GET / is the page, gzipped, within the 30 KB budget', async () => {
    const res = await fetchHttp('GET', '/', { headers: { 'accept-encoding': 'gzip' } })
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-encoding'], 'gzip')
    assert.ok(res.body.length <= 30 * 1024, `${res.body.length} bytes`)
    const html = zlib.gunzipSync(res.body).toString('utf-8')
    assert.match(html, /<title>pagerbase<\/title>/)
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no external requests')
})

test('a session created over HTTP is the one node-coap sees; errors are the firmware JSON with the same status', async () => {
    const created = await fetchHttp('POST', '/v1/sessions', { body: { number: 41, label: 'Anna', partySize: 4 } })
    assert.equal(created.status, 201)
    assert.equal(created.json.sessions[0].label, 'Anna')
    const again = await fetchHttp('POST', '/v1/sessions', { body: { number: 41, partySize: 5 } })
    assert.equal(again.status, 200, 'CoAP 2.00 (updated)')
    const viaCoap = await request(base.port, { pathname: '/v1/sessions', query: 'number=41' })
    const viaHttp = await fetchHttp('GET', '/v1/sessions?number=41')
    assert.equal(viaHttp.status, 200)
    assert.deepEqual(withoutTime(viaHttp.json), withoutTime(viaCoap.json))
    assert.equal(viaHttp.json.sessions[0].partySize, 5)

    const bad = await fetchHttp('POST', '/v1/sessions', { body: { number: 70000 } })
    assert.equal(bad.status, 400)
    assert.equal(bad.json.field, 'number')
    const coapBad = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 70000 } })
    assert.deepEqual(bad.json, coapBad.json)
    assert.equal((await fetchHttp('GET', '/v1/nowhere')).status, 404)
    assert.equal((await fetchHttp('PUT', '/v1/status', { body: {} })).status, 400, '4.05 (RFC 8075: 400)')
    assert.equal((await fetchHttp('PUT', '/v1/sessions?number=9999', { body: { action: 'page' } })).status, 404)
    const page = await fetchHttp('PUT', '/v1/sessions?number=41', { body: { action: 'clear' } })
    assert.equal(page.status, 200)
    assert.equal((await fetchHttp('DELETE', '/v1/sessions/history')).status, 204, '2.02 without a body')
})

test('If-None-Match with the ETag is 304 until node-coap changes something', async () => {
    const first = await fetchHttp('GET', '/v1/sessions')
    assert.equal(first.status, 200)
    assert.match(first.headers.etag, /^"[0-9a-f]+"$/)
    const same = await fetchHttp('GET', '/v1/sessions', { headers: { 'if-none-match': first.headers.etag } })
    assert.equal(same.status, 304)
    assert.equal(same.body.length, 0)
    const res = await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 42 } })
    assert.equal(res.code, '2.01')
    const changed = await fetchHttp('GET', '/v1/sessions', { headers: { 'if-none-match': first.headers.etag } })
    assert.equal(changed.status, 200)
    assert.notEqual(changed.headers.etag, first.headers.etag)
    assert.ok(changed.json.sessions.some(s => s.number === 42))
})

test('a list over 1024 bytes comes whole, block by block, as chunks; node-coap reassembles the same', async () => {
    for (let n = 100; n < 110; ++n) {
        const res = await request(base.port, {
            method: 'POST',
            pathname: '/v1/sessions',
            body: { number: n, label: 'x'.repeat(32) },
        })
        assert.equal(res.code, '2.01')
    }
    const viaHttp = await fetchHttp('GET', '/v1/sessions')
    assert.equal(viaHttp.headers['transfer-encoding'], 'chunked')
    assert.ok(viaHttp.body.length > 2048, `${viaHttp.body.length} bytes`)
    const viaCoap = await request(base.port, { pathname: '/v1/sessions' })
    assert.deepEqual(withoutTime(viaHttp.json), withoutTime(viaCoap.json))
})

test('bodies: over 640 bytes is the firmware 4.13 (sent as Block1), over the HTTP limit 413 at once', async () => {
    const big = JSON.stringify({ number: 5, label: 'y'.repeat(1100) })
    const res = await fetchHttp('POST', '/v1/sessions', { body: big })
    assert.equal(res.status, 413)
    assert.match(res.json.error, /over 640 bytes/, 'the firmware 4.13 diagnostic')
    const huge = await fetchHttp('POST', '/v1/sessions', { body: 'z'.repeat(64 * 1024) })
    assert.equal(huge.status, 413)
    const wrongType = await fetchHttp('POST', '/v1/sessions', {
        body: 'number=5',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(wrongType.status, 415)
})

test('GET /v1/quote: the default goal before anyone is served, then the longest wait in the queue', async () => {
    assert.equal((await request(base.port, { method: 'DELETE', pathname: '/v1/sessions' })).code, '2.02')
    assert.equal((await request(base.port, { method: 'DELETE', pathname: '/v1/sessions/statistics' })).code, '2.02')
    const set = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { defaultTargetGoal: 420, datetime: '2026-05-01T19:00:00' },
    })
    assert.equal(set.code, '2.04')
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 1 } })
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 2 } })
    let quote = (await fetchHttp('GET', '/v1/quote')).json.quote
    assert.equal(quote.waiting, 2)
    assert.ok(quote.waitSeconds === 420, JSON.stringify(quote))
    // 20 minutes later guest 1 is still waiting: the queue runs behind the goal.
    await request(base.port, { method: 'POST', pathname: '/v1/settings', body: { datetime: '2026-05-01T19:20:00' } })
    quote = (await request(base.port, { pathname: '/v1/quote' })).json.quote
    assert.ok(quote.waitSeconds >= 1200 && quote.waitSeconds < 1230, JSON.stringify(quote))
    await request(base.port, { method: 'PUT', pathname: '/v1/sessions', query: 'number=1', body: { action: 'page' } })
    await request(base.port, { method: 'PUT', pathname: '/v1/sessions', query: 'number=2', body: { action: 'page' } })
    // Nobody waits: the average of the two served waits (~1200 s each).
    quote = (await request(base.port, { pathname: '/v1/quote' })).json.quote
    assert.equal(quote.waiting, 0)
    const stats = (await request(base.port, { pathname: '/v1/sessions/statistics' })).json.statistics
    assert.equal(quote.waitSeconds, stats.averageTimeServed)
    assert.ok(stats.averageTimeServed >= 1200, JSON.stringify(stats))
})

test('malformed and oversize HTTP gets a 4xx (or is closed) while node-coap keeps being served', async () => {
    assert.match(await rawHttp('GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 /)
    assert.match(
        await rawHttp(`GET /v1/sessions HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`),
        /^HTTP\/1\.1 431 /
    )
    assert.match(
        await rawHttp('POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{'),
        /^HTTP\/1\.1 413 /
    )
    assert.match(
        await rawHttp(
            'GET /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
        ),
        /^HTTP\/1\.1 400 /
    )
    // Seeded byte soup, mutated requests included: never a 2xx, never a crash; CoAP answers in between.
    let seed = 18
    const rand = n => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n
    const valid = Buffer.from(
        'PUT /v1/sessions?number=41 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{"action":"page"}'
    )
    for (let i = 0; i < 60; ++i) {
        const bytes = i % 2 ? crypto.randomBytes(1 + rand(600)) : Buffer.from(valid)
        if (i % 2 === 0) for (let k = 0; k < 1 + rand(6); ++k) bytes[rand(40)] = rand(256)
        const reply = await rawHttp(bytes, 1500)
        assert.ok(
            reply === '' || /^HTTP\/1\.1 [45]\d\d /.test(reply),
            `case ${i}: ${JSON.stringify(reply.slice(0, 80))} for ${bytes.toString('hex').slice(0, 120)}`
        )
        if (i % 10 === 0) assert.equal((await request(base.port, { pathname: '/v1/settings' })).code, '2.05')
    }
    assert.equal((await fetchHttp('GET', '/v1/settings')).status, 200)
})

test('connections beyond the limit are refused; CoAP and later HTTP are served', async () => {
    const idle = []
    for (let i = 0; i < 24; ++i) {
        const s = net.connect(Number(origin.port), origin.hostname)
        s.on('error', () => {})
        idle.push(
            new Promise(resolve => {
                s.once('close', () => resolve('closed'))
                setTimeout(() => resolve(s), 1500)
            })
        )
    }
    const outcome = await Promise.all(idle)
    const closed = outcome.filter(o => o === 'closed').length
    assert.ok(closed >= 8, `${closed} of 24 connections closed by the server`)
    assert.equal((await request(base.port, { pathname: '/v1/settings' })).code, '2.05')
    for (const s of outcome) if (s !== 'closed') s.destroy()
    await new Promise(r => setTimeout(r, 200))
    assert.equal((await fetchHttp('GET', '/v1/settings')).status, 200)
})
