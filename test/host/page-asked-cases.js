'use strict'
// What a received datagram asks for (docs/udp-contract.md, "Pages first"), as both runtimes must mark it: the
// simulator's boards/sim/page-first.js and the ESP32's boards/esp32/udp/page_first.c. CoAP messages are built by
// hand (test/e2e/raw-coap.js, RFC 7252 §3); the expected marks are the contract's: 1 for POST /v1/page, 2 for a POST
// or PUT carrying the JSON string "page", 0 for anything else.

const { message } = require('../e2e/raw-coap')

const URI_PATH = 11
const CONTENT_FORMAT = 12
const URI_QUERY = 15
const GET = 1
const POST = 2
const PUT = 3
const DELETE = 4
const JSON_FORMAT = Buffer.from([50])

const path = (...segments) => segments.map(s => [URI_PATH, s])
const request = (code, options, body) =>
    message({ type: 0, code, mid: 0x4242, token: Buffer.from([1, 2]), options, payload: body })

const PAGE_ASKED_CASES = [
    {
        what: 'POST /v1/page',
        msg: request(POST, [...path('v1', 'page'), [CONTENT_FORMAT, JSON_FORMAT]], '{"number":1}'),
        asked: 1,
    },
    {
        what: 'PUT /v1/sessions?number=7 {"action":"page"}',
        msg: request(
            PUT,
            [...path('v1', 'sessions'), [CONTENT_FORMAT, JSON_FORMAT], [URI_QUERY, 'number=7']],
            '{"action":"page"}'
        ),
        asked: 2,
    },
    {
        what: 'POST /v1/sessions, created with paging (spaces around the colon)',
        msg: request(POST, path('v1', 'sessions'), '{"number":4,"action" : "page"}'),
        asked: 2,
    },
    { what: 'POST /v1/sessions, a create', msg: request(POST, path('v1', 'sessions'), '{"number":4}'), asked: 0 },
    {
        what: 'PUT /v1/sessions, a clear with a pageMode',
        msg: request(PUT, path('v1', 'sessions'), '{"action":"clear","pageMode":"x"}'),
        asked: 0,
    },
    { what: 'GET /v1/page', msg: request(GET, path('v1', 'page')), asked: 0 },
    { what: 'DELETE /v1/sessions', msg: request(DELETE, path('v1', 'sessions')), asked: 0 },
    {
        what: 'a body ending in an unclosed "page',
        msg: request(PUT, path('v1', 'sessions'), '{"action":"page'),
        asked: 0,
    },
    { what: 'three bytes, no CoAP message', msg: Buffer.from([0x40, POST, 0]), asked: 0 },
]

module.exports = { PAGE_ASKED_CASES, request, path, POST, GET }
