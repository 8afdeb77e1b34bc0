'use strict'
// Every field of every endpoint with wrong types, out-of-range, missing, extra, oversize, non-ASCII and empty
// values. Each must get a 4.xx whose JSON body {"error", "field"} names the field, and change nothing: sessions,
// history, statistics, settings, globalSessionSequence and the radio's counters are compared as full GET bodies
// (without "timestamp"; the clock is compared to within a few seconds). Ranges come from the README's API and
// Settings tables and the default radio (retekess-t112: pagers 0..1023, systems 0..8191).

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { startBase } = require('../e2e/harness')
const { openPeer, snapshot, isoSeconds } = require('./lib')

let base
let peer

before(async () => {
    base = await startBase()
    peer = await openPeer(base.port)
    const setup = [
        {
            method: 'POST',
            path: '/v1/settings',
            body: { datetime: '2019-06-01T18:00:00', systemId: 7, defaultTargetGoal: 900 },
        },
        { method: 'POST', path: '/v1/sessions', body: { number: 5, label: 'Kim', partySize: 4, goal: 120 } },
        { method: 'POST', path: '/v1/sessions', body: { number: 6 } },
        { method: 'POST', path: '/v1/sessions', body: { number: 7 } },
        { method: 'PUT', path: '/v1/sessions', query: 'number=6', body: { action: 'page' } },
        { method: 'PUT', path: '/v1/sessions', query: 'number=7', body: { action: 'clear' } },
    ]
    for (const r of setup) assert.match((await peer.request(r)).code, /^2\./)
    // The page above is on air for a while; the radio's counters are part of the state compared below.
    for (let i = 0; i < 50; i++) {
        const radio = (await peer.request({ path: '/v1/status' })).json.status.radio
        if (!radio.onAir && radio.queued === 0) break
        await new Promise(r => setTimeout(r, 200))
    }
})
after(async () => {
    if (peer) peer.close()
    if (base) await base.stop()
})

const long = n => 'x'.repeat(n)
const SESSION_FIELDS = {
    number: [
        ['x', 'wrong type'],
        [true, 'wrong type'],
        [null, 'null'],
        [[5], 'array'],
        [{}, 'object'],
        [-1, 'below range'],
        [1024, 'over the radio pager range'],
        [65536, 'over 65535'],
        [5.5, 'not an integer'],
        ['５', 'non-ASCII digit'],
        ['', 'empty'],
    ],
    goal: [
        ['60', 'wrong type'],
        [-1, 'below range'],
        [86401, 'over 86400'],
        [1.5, 'not an integer'],
        [null, 'null'],
        [[], 'array'],
        ['', 'empty'],
    ],
    label: [
        [5, 'wrong type'],
        [true, 'wrong type'],
        [{}, 'object'],
        [long(33), '33 bytes'],
        ['é'.repeat(16) + 'a', '33 UTF-8 bytes'],
        ['🙂'.repeat(8) + 'a', '33 UTF-8 bytes of emoji'],
        ['a\u0001b', 'control character'],
        ['tab\there', 'tab'],
    ],
    partySize: [
        [0, 'below range'],
        [1000, 'over 999'],
        ['4', 'wrong type'],
        [2.5, 'not an integer'],
        [null, 'null'],
        ['', 'empty'],
    ],
    action: [
        ['Page', 'unknown (case)'],
        ['delete', 'unknown'],
        ['', 'empty'],
        [1, 'wrong type'],
        [null, 'null'],
        ['pagé', 'non-ASCII'],
        [long(500), 'oversize'], // within the 640-byte body limit, so the field is at fault
    ],
    pageMode: [
        ['Flash31Sec', 'unknown'],
        ['', 'empty'],
        [1, 'wrong type'],
        [null, 'null'],
        ['Flash30Séc', 'non-ASCII'],
        [long(33), 'oversize'],
    ],
    message: [
        [long(81), '81 bytes'],
        ['é'.repeat(41), '82 UTF-8 bytes'],
        [5, 'wrong type'],
        [{}, 'object'],
        ['a\nb', 'control character'],
    ],
}
const PAGE_FIELDS = {
    number: SESSION_FIELDS.number,
    pageMode: SESSION_FIELDS.pageMode,
    message: SESSION_FIELDS.message,
    systemId: [
        [-1, 'below range'],
        [8192, 'over the radio system range'],
        ['7', 'wrong type'],
        [1.5, 'not an integer'],
        [null, 'null'],
        ['', 'empty'],
    ],
}
const SETTINGS_FIELDS = {
    datetime: [
        ['2100-01-01T00:00:00', 'after 2099'],
        ['1999-12-31T23:59:59', 'before 2000'],
        ['2019-02-30T00:00:00', 'no such day'],
        ['2019-13-01T00:00:00', 'month 13'],
        ['2019-06-01T24:00:00', 'hour 24'],
        ['2019-06-01 18:00:00', 'space'],
        ['2019-06-01T18:00:00Z', 'zone'],
        ['2019-06-01', 'date only'],
        ['２019-06-01T18:00:00', 'non-ASCII digit'],
        ['', 'empty'],
        [1559412000, 'wrong type'],
        [null, 'null'],
        [long(300), 'oversize'],
    ],
    systemId: PAGE_FIELDS.systemId,
    defaultTargetGoal: [
        [-1, 'below range'],
        [86401, 'over 86400'],
        ['300', 'wrong type'],
        [0.5, 'not an integer'],
        [null, 'null'],
    ],
    statisticsClearMark: [
        [-1, 'below range'],
        [25, 'over 24'],
        ['24', 'wrong type'],
        [23.5, 'not an integer'],
        [null, 'null'],
    ],
    sessionCapacity: [
        [0, 'below range'],
        [257, 'over 256'],
        ['24', 'wrong type'],
        [1.5, 'not an integer'],
        [null, 'null'],
    ],
    notifyPingSeconds: [
        [0, 'below range'],
        [3601, 'over 3600'],
        ['30', 'wrong type'],
        [null, 'null'],
    ],
    radioProtocol: [
        ['retekess-t113', 'unknown'],
        ['', 'empty'],
        [1, 'wrong type'],
        [null, 'null'],
        ['retekess-t112é', 'non-ASCII'],
        [long(300), 'oversize'],
    ],
    radioModule: [
        ['CC1101', 'unknown (case)'],
        ['ook ', 'trailing space'],
        ['', 'empty'],
        [1, 'wrong type'],
        [null, 'null'],
        ['sx1278é', 'non-ASCII'],
        [long(300), 'oversize'],
    ],
    radioRepeats: [
        [0, 'below range'],
        [11, 'over 10'],
        ['1', 'wrong type'],
        [1.5, 'not an integer'],
        [null, 'null'],
    ],
    radioCarrierHz: [
        [1, 'between 0 and 300 MHz'],
        [299999999, 'just under 300 MHz'],
        [930000001, 'over 930 MHz'],
        [-1, 'negative'],
        ['433920000', 'wrong type'],
        [433.92, 'MHz as a fraction'],
    ],
    sntpServer: [
        ['pool.ntp.org', 'host name'],
        ['1.2.3.4:99999', 'port over 65535'],
        ['1.2.3.4:0', 'port 0'],
        ['1.2.3.4:', 'empty port'],
        ['1.2.3', 'three octets'],
        ['1.2.3.256', 'octet over 255'],
        ['01.2.3.4', 'leading zero'],
        [' 1.2.3.4', 'space'],
        ['１.2.3.4', 'non-ASCII digit'],
        ['[::1]:123', 'IPv6'],
        [42, 'wrong type'],
        [null, 'null'],
        [long(300), 'oversize'],
    ],
    utcOffsetMinutes: [
        [-721, 'below range'],
        [841, 'over 840'],
        [5000, 'over 840'],
        ['60', 'wrong type'],
        [1.5, 'not an integer'],
        [null, 'null'],
    ],
}

const cases = []
const add = (name, req, field) => cases.push({ name, req, field })
for (const [field, values] of Object.entries(SESSION_FIELDS)) {
    for (const [value, why] of values) {
        if (field !== 'number')
            add(
                `POST /v1/sessions ${field} ${why}`,
                { method: 'POST', path: '/v1/sessions', body: { number: 9, [field]: value } },
                field
            )
        else
            add(
                `POST /v1/sessions number ${why}`,
                { method: 'POST', path: '/v1/sessions', body: { number: value } },
                'number'
            )
        if (field !== 'number')
            add(
                `PUT /v1/sessions ${field} ${why}`,
                {
                    method: 'PUT',
                    path: '/v1/sessions',
                    query: 'number=5',
                    body: {
                        [field]: value,
                        ...(field === 'pageMode' || field === 'message' ? { action: 'page' } : {}),
                    },
                },
                field
            )
    }
}
for (const [field, values] of Object.entries(PAGE_FIELDS))
    for (const [value, why] of values)
        add(
            `POST /v1/page ${field} ${why}`,
            {
                method: 'POST',
                path: '/v1/page',
                body: field === 'number' ? { number: value } : { number: 5, [field]: value },
            },
            field
        )
for (const [field, values] of Object.entries(SETTINGS_FIELDS))
    for (const [value, why] of values)
        add(
            `POST /v1/settings ${field} ${why}`,
            { method: 'POST', path: '/v1/settings', body: { [field]: value } },
            field
        )
// A module that cannot send on the carrier the settings would leave (CC1101: not 467.75 MHz; SX1278: up to 525 MHz).
add(
    'POST /v1/settings radioModule cc1101 with a 467.75 MHz protocol',
    { method: 'POST', path: '/v1/settings', body: { radioModule: 'cc1101', radioProtocol: 'lrs' } },
    'radioModule'
)
add(
    'POST /v1/settings radioModule sx1278 with an 868 MHz carrier',
    { method: 'POST', path: '/v1/settings', body: { radioModule: 'sx1278', radioCarrierHz: 868000000 } },
    'radioModule'
)
// Missing required fields, extra fields (including a non-ASCII name), a number that differs from the query.
add('POST /v1/sessions without number', { method: 'POST', path: '/v1/sessions', body: { label: 'Kim' } }, 'number')
add('POST /v1/page without number', { method: 'POST', path: '/v1/page', body: { pageMode: 'Flash30Sec' } }, 'number')
add('PUT /v1/sessions without ?number=', { method: 'PUT', path: '/v1/sessions', body: { action: 'page' } }, 'number')
add(
    'PUT /v1/sessions body number differs from the query',
    { method: 'PUT', path: '/v1/sessions', query: 'number=5', body: { number: 6, action: 'clear' } },
    'number'
)
for (const [path, body] of [
    ['/v1/sessions', { number: 9 }],
    ['/v1/page', { number: 9 }],
    ['/v1/settings', { systemId: 1 }],
]) {
    add(`POST ${path} extra field`, { method: 'POST', path, body: { ...body, colour: 'red' } }, 'colour')
    add(`POST ${path} extra non-ASCII field`, { method: 'POST', path, body: { ...body, nümber: 1 } }, 'nümber')
}
add(
    'PUT /v1/sessions extra field',
    { method: 'PUT', path: '/v1/sessions', query: 'number=5', body: { systemId: 3 } },
    'systemId'
)
// The query number: syntactically not a pager number, or an unknown query parameter.
for (const method of ['GET', 'PUT', 'DELETE'])
    for (const [query, why] of [
        ['number=x', 'letters'],
        ['number=-1', 'negative'],
        ['number=', 'empty'],
        ['number=1.5', 'fraction'],
        ['number=5e0', 'exponent'],
        ['number= 5', 'space'],
        ['number=５', 'non-ASCII digit'],
        ['number=' + '9'.repeat(40), 'oversize'],
    ])
        add(
            `${method} /v1/sessions?${why}`,
            { method, path: '/v1/sessions', query, body: method === 'PUT' ? { action: 'clear' } : undefined },
            'number'
        )
for (const method of ['GET', 'PUT', 'DELETE'])
    add(
        `${method} /v1/sessions?colour=red`,
        {
            method,
            path: '/v1/sessions',
            query: ['number=5', 'colour=red'],
            body: method === 'PUT' ? { action: 'clear' } : undefined,
        },
        'colour'
    )
// Bodies that are not a JSON object, or hold the noncharacters U+FFFE / U+FFFF as escapes (the VM's JSON.parse
// panics on them, README "Requests"): no single field is at fault, so "field" may be left out.
for (const [path, method, query] of [
    ['/v1/sessions', 'POST'],
    ['/v1/sessions', 'PUT', 'number=5'],
    ['/v1/page', 'POST'],
    ['/v1/settings', 'POST'],
])
    for (const [raw, why] of [
        ['{"number":5', 'truncated'],
        ['[5]', 'array'],
        ['5', 'number'],
        ['"x"', 'string'],
        ['null', 'null'],
        ['{number:5}', 'unquoted key'],
        [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'invalid UTF-8'],
        [Buffer.from('{"number":9}\xc5', 'latin1'), 'ending in a cut UTF-8 character'],
        ['{"number":9,"label":"\\uffff"}', 'with the escape \\uffff'],
        ['{"number":9,"message":"é\\uFFFE"}', 'with the escape \\uFFFE'],
    ])
        add(
            `${method} ${path} body ${why}`,
            { method, path, query, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw) },
            null
        )

// Over the 640-byte body limit: 4.13 (docs/api.md), no field.
cases.push({
    name: 'POST /v1/sessions body of 641 bytes',
    req: { method: 'POST', path: '/v1/sessions', body: { number: 9, label: 'Kim', message: long(641 - 39) } },
    field: null,
    code: '4.13',
})
add(
    'POST /v1/sessions number 1e400 (Infinity)',
    { method: 'POST', path: '/v1/sessions', raw: Buffer.from('{"number":1e400}') },
    'number'
)
add(
    'POST /v1/sessions goal -0.0e0 then 1e-400',
    { method: 'POST', path: '/v1/sessions', raw: Buffer.from('{"number":9,"goal":1e-400,"partySize":0}') },
    'partySize'
)

function comparable(s) {
    const { status, datetime, ...rest } = s
    // The clock runs; the tables' fill (dedup keeps error replies) and uptime move on; the radio must not.
    const { uptimeSeconds, coap, ...st } = status.status
    return { ...rest, radio: st.radio, sessionsFill: st.sessions }
}

test(`${cases.length} bad requests: each a 4.00 naming the field, nothing changed`, { timeout: 180000 }, async () => {
    const failures = []
    let reference = await snapshot(peer)
    for (const c of cases) {
        // A fresh client per case, so the per-peer rate limit (50 datagrams/s) does not slow the table down.
        peer.close()
        peer = await openPeer(base.port)
        const res = await peer.request(c.req)
        const problems = []
        if (res.code !== (c.code || '4.00')) problems.push(`code ${res.code}`)
        if (!res.json || typeof res.json.error !== 'string' || !res.json.error.length)
            problems.push(`body ${res.payload}`)
        else if (c.field !== null && res.json.field !== c.field)
            problems.push(`field ${JSON.stringify(res.json.field)}, not ${c.field}`)
        const now = await snapshot(peer)
        try {
            assert.deepEqual(comparable(now), comparable(reference))
        } catch {
            const a = comparable(reference)
            const b = comparable(now)
            const diff = Object.keys(b).filter(k => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
            problems.push(
                `state changed: ${diff.map(k => `${k}: ${JSON.stringify(a[k]).slice(-300)} -> ${JSON.stringify(b[k]).slice(-300)}`).join('; ')}`
            )
            reference = now
        }
        if (Math.abs(isoSeconds(now.datetime) - isoSeconds(reference.datetime)) > 30) {
            problems.push(`clock moved from ${reference.datetime} to ${now.datetime}`)
            reference = now
        }
        if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`)
    }
    assert.deepEqual(failures, [])
})

test('valid non-ASCII labels up to 32 UTF-8 bytes round-trip', async () => {
    const labels = ['Müller', 'é'.repeat(16), '🙂'.repeat(8), '日本語のテーブル', 'Zoë & "Al" \\ co']
    for (const [i, label] of labels.entries()) {
        const number = 20 + i
        const created = await peer.request({ method: 'POST', path: '/v1/sessions', body: { number, label } })
        assert.equal(created.code, '2.01', created.payload)
        assert.equal(created.json.sessions[0].label, label)
        const one = await peer.request({ path: '/v1/sessions', query: `number=${number}` })
        assert.equal(one.json.sessions[0].label, label)
        const renamed = await peer.request({
            method: 'PUT',
            path: '/v1/sessions',
            query: `number=${number}`,
            body: { label: label + '' },
        })
        assert.equal(renamed.json.sessions[0].label, label)
    }
    const list = await peer.request({ path: '/v1/sessions' })
    assert.deepEqual(
        list.json.sessions.filter(s => s.number >= 20).map(s => s.label),
        labels
    )
})
