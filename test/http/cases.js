'use strict'
// The HTTP <-> CoAP mapping's test cases, answered by both mappings: the simulator's (boards/sim/http/mapping.js,
// mapping.test.js) and the ESP32's C (boards/esp32/udp/http_coap_map.c, test/host/http-map.test.js). Expected
// values come from RFC 7252 (options), RFC 3986 (percent-encoding) and RFC 8075 §7 (status codes); the bytes each
// mapping produces are read back with coap-packet, and the responses it reads are made with coap-packet.

/** HTTP request -> CoAP request: the code and options (coap-packet's names, hex values), or an HTTP error status. */
const requests = [
    {
        name: 'GET with a path',
        method: 'GET',
        target: '/v1/sessions',
        headers: {},
        expect: {
            code: '0.01',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
            ],
        },
    },
    {
        name: 'query items one by one',
        method: 'PUT',
        target: '/v1/sessions?number=12&x=%41',
        headers: { 'content-type': 'application/json' },
        expect: {
            code: '0.03',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
                ['Content-Format', '32'],
                ['Uri-Query', '6e756d6265723d3132'],
                ['Uri-Query', '783d41'],
            ],
        },
    },
    {
        name: 'JSON with parameters',
        method: 'POST',
        target: '/v1/page',
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        expect: {
            code: '0.02',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '70616765'],
                ['Content-Format', '32'],
            ],
        },
    },
    {
        name: 'DELETE, three segments',
        method: 'DELETE',
        target: '/v1/sessions/history',
        headers: {},
        expect: {
            code: '0.04',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
                ['Uri-Path', '686973746f7279'],
            ],
        },
    },
    {
        name: 'percent-encoded UTF-8 in the path',
        method: 'GET',
        target: '/caf%C3%a9',
        headers: {},
        expect: { code: '0.01', options: [['Uri-Path', '636166c3a9']] },
    },
    {
        name: 'empty query items are left out',
        method: 'GET',
        target: '/.well-known/core?&rt=pager.settings&',
        headers: {},
        expect: {
            code: '0.01',
            options: [
                ['Uri-Path', '2e77656c6c2d6b6e6f776e'],
                ['Uri-Path', '636f7265'],
                ['Uri-Query', '72743d70616765722e73657474696e6773'],
            ],
        },
    },
    {
        name: 'If-None-Match with a tag on GET validates (ETag)',
        method: 'GET',
        target: '/v1/sessions',
        headers: { 'if-none-match': '"34685b42"' },
        expect: {
            code: '0.01',
            options: [
                ['ETag', '34685b42'],
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
            ],
        },
    },
    {
        name: 'If-None-Match: * is CoAP If-None-Match',
        method: 'POST',
        target: '/v1/sessions',
        headers: { 'if-none-match': '*' },
        expect: {
            code: '0.02',
            options: [
                ['If-None-Match', ''],
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
            ],
        },
    },
    {
        name: 'If-Match with a tag',
        method: 'PUT',
        target: '/v1/sessions?number=1',
        headers: { 'if-match': '"0a0b"' },
        expect: {
            code: '0.03',
            options: [
                ['If-Match', '0a0b'],
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
                ['Uri-Query', '6e756d6265723d31'],
            ],
        },
    },
    {
        name: 'the pbtoken cookie becomes the token option 65003 (README "Security")',
        method: 'DELETE',
        target: '/v1/sessions',
        headers: { cookie: 'theme=dark; pbtoken=00112233445566778899aabbccddeeff; lang=en' },
        expect: {
            code: '0.04',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '73657373696f6e73'],
                ['65003', '00112233445566778899aabbccddeeff'],
            ],
        },
    },
    {
        name: 'a pbtoken that is not 32 lower-case hex digits, or another cookie, is no token',
        method: 'GET',
        target: '/v1/status',
        headers: {
            cookie: 'xpbtoken=00112233445566778899aabbccddeeff; pbtoken=00112233445566778899AABBCCDDEEFF; pbtoken=0011',
        },
        expect: {
            code: '0.01',
            options: [
                ['Uri-Path', '7631'],
                ['Uri-Path', '737461747573'],
            ],
        },
    },
    { name: 'bad percent-encoding', method: 'GET', target: '/v1/%zz', headers: {}, expect: { status: 400 } },
    {
        name: 'percent at the end',
        method: 'GET',
        target: '/v1/sessions?number=%4',
        headers: {},
        expect: { status: 400 },
    },
    {
        name: 'absolute-form target',
        method: 'GET',
        target: 'http://base/v1/sessions',
        headers: {},
        expect: { status: 400 },
    },
    { name: 'PATCH', method: 'PATCH', target: '/v1/sessions', headers: {}, expect: { status: 501 } },
    {
        name: 'a body that is not JSON',
        method: 'POST',
        target: '/v1/sessions',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        expect: { status: 415 },
    },
    {
        name: 'an entity tag that is not ours',
        method: 'GET',
        target: '/v1/sessions',
        headers: { 'if-none-match': '"xyz"' },
        expect: { status: 400 },
    },
    {
        name: 'If-None-Match with a tag on PUT',
        method: 'PUT',
        target: '/v1/sessions?number=1',
        headers: { 'if-none-match': '"0a"' },
        expect: { status: 501 },
    },
]

/** CoAP response -> HTTP status and headers. */
const responses = [
    {
        name: '2.05 with ETag and JSON',
        code: '2.05',
        etag: '34685b42',
        format: 50,
        payload: '{}',
        expect: { status: 200, etag: '"34685b42"', type: 'application/json' },
    },
    { name: '2.03 Valid', code: '2.03', etag: '34685b42', expect: { status: 304, etag: '"34685b42"' } },
    {
        name: '2.01 Created',
        code: '2.01',
        format: 50,
        payload: '{}',
        expect: { status: 201, type: 'application/json' },
    },
    { name: '2.04 without a body', code: '2.04', expect: { status: 204 } },
    {
        name: '2.04 with a body',
        code: '2.04',
        format: 50,
        payload: '{}',
        expect: { status: 200, type: 'application/json' },
    },
    { name: '2.02 without a body', code: '2.02', expect: { status: 204 } },
    {
        name: '4.00',
        code: '4.00',
        format: 50,
        payload: '{"error":"x"}',
        expect: { status: 400, type: 'application/json' },
    },
    { name: '4.01', code: '4.01', expect: { status: 403 } },
    { name: '4.02', code: '4.02', payload: 'bad option', expect: { status: 400, type: 'text/plain; charset=utf-8' } },
    { name: '4.04', code: '4.04', format: 50, payload: '{}', expect: { status: 404, type: 'application/json' } },
    { name: '4.05', code: '4.05', expect: { status: 400 } },
    { name: '4.06', code: '4.06', expect: { status: 406 } },
    { name: '4.12', code: '4.12', expect: { status: 412 } },
    { name: '4.13', code: '4.13', expect: { status: 413 } },
    { name: '4.15', code: '4.15', expect: { status: 415 } },
    { name: '5.00', code: '5.00', expect: { status: 500 } },
    { name: '5.03', code: '5.03', expect: { status: 503 } },
    { name: '5.05', code: '5.05', expect: { status: 502 } },
]

module.exports = { requests, responses }
