'use strict'
// HTTP <-> CoAP mapping, in the manner of RFC 8075 (README "The page and HTTP"): pure functions, no I/O. The
// ESP32's C mapping (boards/esp32/udp/http_coap_map.c) answers the same test cases (test/http/cases.js).

const { uintValue } = require('./coap-message')

const OPT_IF_MATCH = 1
const OPT_ETAG = 4
const OPT_IF_NONE_MATCH = 5
const OPT_URI_PATH = 11
const OPT_CONTENT_FORMAT = 12
const OPT_URI_QUERY = 15
/** The firmware's access-token option (docs/api.md section 10). */
const OPT_ACCESS_TOKEN = 65003
const FORMAT_JSON = 50
/** The cookie that carries the token between the browser and the mapping: HttpOnly, so the page's script never
 * holds it; SameSite=Strict, so another site cannot make the browser send it. */
const COOKIE = 'pbtoken'
const METHODS = { GET: 1, POST: 2, PUT: 3, DELETE: 4 }

/**
 * HTTP status for a CoAP response code (RFC 8075 §7): 2.02 and 2.04 are 204 without a body; 4.05 is 400, as an
 * HTTP 405 must list the allowed methods, which the mapping does not know.
 */
const STATUS = {
    0x41: 201,
    0x42: 200,
    0x43: 304,
    0x44: 200,
    0x45: 200,
    0x40: 200,
    0x80: 400,
    0x81: 403,
    0x82: 400,
    0x83: 403,
    0x84: 404,
    0x85: 400,
    0x86: 406,
    0x88: 400,
    0x8c: 412,
    0x8d: 413,
    0x8f: 415,
    0x9d: 429,
    0xa0: 500,
    0xa1: 501,
    0xa2: 502,
    0xa3: 503,
    0xa4: 504,
    0xa5: 502,
}

function statusFor(code, hasPayload) {
    const status = STATUS[code] || (code >= 0x80 && code < 0xa0 ? 400 : 502)
    return status === 200 && !hasPayload && (code === 0x42 || code === 0x44) ? 204 : status
}

/**
 * The CoAP request for an HTTP request line and headers (lower-case names, as Node gives them).
 * @returns {{code: number, options: Array<[number, Buffer]>} | {status: number, error: string}}
 */
function coapRequest(method, target, headers) {
    const code = METHODS[method]
    if (!code) return { status: 501, error: 'method not supported' }
    if (typeof target !== 'string' || target[0] !== '/') return { status: 400, error: 'bad request target' }
    const q = target.indexOf('?')
    const path = q < 0 ? target : target.slice(0, q)
    const query = q < 0 ? '' : target.slice(q + 1)
    const options = []
    for (const segment of path.slice(1).split('/')) {
        if (path === '/') break
        const value = percentDecode(segment)
        if (!value) return { status: 400, error: 'bad percent-encoding in path' }
        options.push([OPT_URI_PATH, value])
    }
    for (const item of query.split('&')) {
        if (!item) continue
        const value = percentDecode(item)
        if (!value) return { status: 400, error: 'bad percent-encoding in query' }
        options.push([OPT_URI_QUERY, value])
    }
    const type = headers['content-type']
    if (type !== undefined) {
        if (mediaType(type) !== 'application/json') return { status: 415, error: 'only application/json' }
        options.push([OPT_CONTENT_FORMAT, uintValue(FORMAT_JSON)])
    }
    // If-None-Match with tags is a validation, which CoAP has for GET only (ETag, answered 2.03); "*" is CoAP's
    // own If-None-Match.
    for (const [header, tagOption, starOption] of [
        ['if-none-match', OPT_ETAG, OPT_IF_NONE_MATCH],
        ['if-match', OPT_IF_MATCH, OPT_IF_MATCH],
    ]) {
        const value = headers[header]
        if (value === undefined) continue
        const tags = entityTags(value)
        if (!tags) return { status: 400, error: `bad ${header}` }
        if (tags === '*') options.push([starOption, Buffer.alloc(0)])
        else if (tagOption === OPT_ETAG && code !== METHODS.GET)
            return { status: 501, error: 'if-none-match with tags only on GET' }
        else for (const tag of tags) options.push([tagOption, tag])
    }
    // The login token travels in a cookie on HTTP and in its own option on CoAP (README "Security").
    const cookie = /(?:^|[; ])pbtoken=([0-9a-f]{32})(?:;|$)/.exec(headers.cookie || '')
    if (cookie) options.push([OPT_ACCESS_TOKEN, Buffer.from(cookie[1], 'hex')])
    return { code, options, login: code === METHODS.POST && path === '/v1/login' }
}

/**
 * For the answer to POST /v1/login: the Set-Cookie header with its token and the body without it (the page's
 * script has no use for it and must not see it); null for any other answer.
 */
function loginCookie(mapped, code, payload) {
    if (!mapped.login || code !== 0x41) return null
    let body
    try {
        body = JSON.parse(payload.toString('utf-8'))
    } catch {
        return null
    }
    if (!/^[0-9a-f]{32}$/.test(body.token) || !(body.expiresInSeconds > 0)) return null
    const seconds = Math.floor(body.expiresInSeconds)
    const cookie = `${COOKIE}=${body.token}; Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Strict`
    return { cookie, payload: Buffer.from(JSON.stringify({ expiresInSeconds: seconds })) }
}

/** The bytes of a percent-encoded string, or null when a % is not followed by two hex digits. */
function percentDecode(text) {
    const bytes = []
    const raw = Buffer.from(text, 'utf-8')
    for (let i = 0; i < raw.length; ++i) {
        if (raw[i] !== 0x25) {
            bytes.push(raw[i])
            continue
        }
        const hex = raw.subarray(i + 1, i + 3).toString('latin1')
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null
        bytes.push(parseInt(hex, 16))
        i += 2
    }
    return Buffer.from(bytes)
}

const mediaType = value => value.split(';')[0].trim().toLowerCase()

/** "*" or the opaque tags of an entity-tag list ("hex", W/"hex"); null when one is not our hex form. */
function entityTags(value) {
    if (value.trim() === '*') return '*'
    const tags = []
    for (const item of value.split(',')) {
        const m = /^\s*(?:W\/)?"((?:[0-9a-f]{2}){1,8})"\s*$/i.exec(item)
        if (!m) return null
        tags.push(Buffer.from(m[1], 'hex'))
    }
    return tags
}

/** HTTP status and headers for a CoAP response's code, ETag and Content-Format. */
function httpHead(code, options, hasPayload) {
    const headers = { 'cache-control': 'no-cache' }
    const etag = options.find(o => o[0] === OPT_ETAG)
    if (etag) headers.etag = `"${etag[1].toString('hex')}"`
    const format = options.find(o => o[0] === OPT_CONTENT_FORMAT)
    if (hasPayload)
        headers['content-type'] =
            format && format[1].length === 1 && format[1][0] === FORMAT_JSON
                ? 'application/json'
                : format
                  ? 'application/octet-stream'
                  : 'text/plain; charset=utf-8'
    return { status: statusFor(code, hasPayload), headers }
}

module.exports = { coapRequest, loginCookie, httpHead, statusFor, percentDecode, OPT_ETAG, OPT_CONTENT_FORMAT, METHODS }
