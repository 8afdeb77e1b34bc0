'use strict'
// The ESP32's HTTP mapping (boards/esp32/udp/http_coap_map.c and coap_exchange.c) compiled with the system's cc:
// the shared mapping cases (test/http/cases.js, the ones the simulator's mapping answers), its bytes read by
// coap-packet; then its CoAP client relaying real requests to the firmware in the simulator, compared with
// node-coap and with the simulator's HTTP mapping.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, execFile } = require('node:child_process')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const packet = require('coap-packet')
const { requests, responses } = require('../http/cases')
const { startBase, request } = require('../e2e/harness')

const UDP_SRC = path.join(__dirname, '..', '..', 'boards', 'esp32', 'udp')
let dir
let cli
let base

before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-map-'))
    cli = path.join(dir, 'http-map')
    execFileSync(
        'cc',
        [
            '-std=c11',
            '-D_DEFAULT_SOURCE',
            '-Wall',
            '-Wextra',
            '-Werror',
            '-O1',
            `-I${UDP_SRC}`,
            path.join(__dirname, 'http_map_cli.c'),
            path.join(UDP_SRC, 'http_coap_map.c'),
            path.join(UDP_SRC, 'coap_exchange.c'),
            '-o',
            cli,
        ],
        { stdio: ['ignore', 'inherit', 'inherit'], timeout: 60000 }
    )
    base = await startBase()
})
after(async () => {
    if (base) await base.stop()
    fs.rmSync(dir, { recursive: true, force: true })
})

const run = args => execFileSync(cli, args, { encoding: 'utf-8', timeout: 20000 })

for (const c of requests) {
    test(`C request: ${c.name}`, () => {
        const h = c.headers
        const out = run([
            'encode',
            c.method,
            c.target,
            h['content-type'] || '-',
            h['if-none-match'] || '-',
            h['if-match'] || '-',
            h.cookie || '-',
        ]).trim()
        if (c.expect.status) return assert.equal(out, `status ${c.expect.status}`)
        const p = packet.parse(Buffer.from(out, 'hex'))
        assert.deepEqual(
            { code: p.code, options: p.options.map(o => [o.name, Buffer.from(o.value).toString('hex')]) },
            c.expect
        )
    })
}

for (const c of responses) {
    test(`C response: ${c.name}`, () => {
        const options = []
        if (c.etag) options.push({ name: 'ETag', value: Buffer.from(c.etag, 'hex') })
        if (c.format) options.push({ name: 'Content-Format', value: Buffer.from([c.format]) })
        const bytes = packet.generate({
            code: c.code,
            ack: true,
            messageId: 7,
            token: Buffer.from('abcd', 'hex'),
            options,
            payload: Buffer.from(c.payload || ''),
        })
        assert.equal(
            run(['decode', bytes.toString('hex')]).trim(),
            `status ${c.expect.status} etag ${c.expect.etag || '-'} type ${c.expect.type || '-'}`
        )
    })
}

/** The C client relaying one request to the simulated firmware: {status, etag, type, cut, body}. */
function relay(method, target, { type = '-', ifNoneMatch = '-', body = '-' } = {}) {
    return new Promise((resolve, reject) => {
        execFile(
            cli,
            ['relay', String(base.port), method, target, type, ifNoneMatch, body],
            { encoding: 'utf-8', timeout: 30000, maxBuffer: 1 << 20 },
            (err, stdout) => {
                if (err) return reject(err)
                const lines = stdout.split('\n')
                const field = i => lines[i].slice(lines[i].indexOf(' ') + 1)
                const text = lines.slice(4).join('\n').replace(/\n$/, '')
                let json
                try {
                    json = JSON.parse(text)
                } catch {
                    json = undefined
                }
                resolve({ status: Number(field(0)), etag: field(1), type: field(2), cut: field(3) === '1', text, json })
            }
        )
    })
}

/** The same request through the simulator's HTTP mapping. */
function viaSimulatorHttp(method, target, body) {
    return new Promise((resolve, reject) => {
        const u = new URL(target, base.httpUrl)
        const req = http.request(u, { method, headers: body ? { 'content-type': 'application/json' } : {} }, res => {
            let text = ''
            res.on('data', d => (text += d))
            res.on('end', () => resolve({ status: res.statusCode, text }))
        })
        req.on('error', reject)
        req.end(body)
    })
}

const withoutTime = json => ({ ...json, timestamp: undefined })

test('C relay: created, read back as node-coap reads it, errors with the firmware JSON', async () => {
    const created = await relay('POST', '/v1/sessions', {
        type: 'application/json',
        body: '{"number":31,"label":"Ito"}',
    })
    assert.equal(created.status, 201)
    assert.equal(created.json.sessions[0].label, 'Ito')
    const viaC = await relay('GET', '/v1/sessions?number=31')
    const viaCoap = await request(base.port, { pathname: '/v1/sessions', query: 'number=31' })
    assert.equal(viaC.status, 200)
    assert.equal(viaC.type, 'application/json')
    assert.deepEqual(withoutTime(viaC.json), withoutTime(viaCoap.json))
    const bad = await relay('POST', '/v1/sessions', { body: '{"number":-1}' })
    const sim = await viaSimulatorHttp('POST', '/v1/sessions', '{"number":-1}')
    assert.equal(bad.status, 400)
    assert.equal(sim.status, 400)
    assert.equal(bad.text, sim.text)
    assert.equal((await relay('DELETE', '/v1/sessions?number=31')).status, 204)
    assert.equal((await relay('GET', '/v1/nowhere')).status, 404)
    assert.equal((await relay('PATCH', '/v1/sessions')).status, 501)
})

test('C relay: ETag validation is 304 until node-coap changes the list', async () => {
    const first = await relay('GET', '/v1/sessions')
    assert.match(first.etag, /^"[0-9a-f]+"$/)
    const same = await relay('GET', '/v1/sessions', { ifNoneMatch: first.etag })
    assert.equal(same.status, 304)
    assert.equal(same.text, '')
    await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 32 } })
    assert.equal((await relay('GET', '/v1/sessions', { ifNoneMatch: first.etag })).status, 200)
})

test('C relay: a Block2 list arrives whole; a body over 640 bytes gets the firmware 4.13 through Block1', async () => {
    for (let n = 200; n < 210; ++n)
        assert.equal(
            (
                await request(base.port, {
                    method: 'POST',
                    pathname: '/v1/sessions',
                    body: { number: n, label: 'w'.repeat(32) },
                })
            ).code,
            '2.01'
        )
    const viaC = await relay('GET', '/v1/sessions')
    assert.ok(viaC.text.length > 2048, `${viaC.text.length} bytes`)
    assert.equal(viaC.cut, false)
    const viaCoap = await request(base.port, { pathname: '/v1/sessions' })
    assert.deepEqual(withoutTime(viaC.json), withoutTime(viaCoap.json))
    const big = await relay('POST', '/v1/sessions', { body: JSON.stringify({ number: 5, label: 'q'.repeat(1100) }) })
    assert.equal(big.status, 413)
    assert.match(big.json.error, /over 640 bytes/)
})
