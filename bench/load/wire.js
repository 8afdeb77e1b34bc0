'use strict'
// CoAP (RFC 7252 §3) requests and responses, built and read by hand for the load client. Kept apart from the
// firmware's codec and from node-coap so neither side of a comparison measures itself with its own parser.

const TYPE_CON = 0
const TYPE_NON = 1
const TYPE_ACK = 2
const TYPE_RST = 3
const METHOD = { GET: 1, POST: 2, PUT: 3, DELETE: 4 }
const OPT = { ETAG: 4, URI_PATH: 11, CONTENT_FORMAT: 12, URI_QUERY: 15, BLOCK2: 23, ECHO: 252 }

function nibble(n) {
    return n < 13 ? [n, []] : n < 269 ? [13, [n - 13]] : [14, [(n - 269) >> 8, (n - 269) & 0xff]]
}

/**
 * The options and payload of a request: everything but the 4-byte header and the token, which change per send.
 * @param {{method: string, path: string, query?: string, etag?: Buffer, body?: object|string, block2?: number}} req
 * @param {Buffer|null} [echo]  an Echo option value (RFC 9175) the server offered, sent back to prove our address
 */
function requestTail(req, echo = null) {
    const opts = []
    if (req.etag) opts.push([OPT.ETAG, req.etag])
    for (const seg of req.path.split('/').filter(Boolean)) opts.push([OPT.URI_PATH, Buffer.from(seg)])
    const body =
        req.body === undefined ? null : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body))
    if (body) opts.push([OPT.CONTENT_FORMAT, Buffer.from([50])])
    if (req.query) for (const q of req.query.split('&')) opts.push([OPT.URI_QUERY, Buffer.from(q)])
    if (req.block2 !== undefined) opts.push([OPT.BLOCK2, uint(req.block2)])
    if (echo) opts.push([OPT.ECHO, echo])
    const parts = []
    let last = 0
    for (const [num, value] of opts) {
        const [d, dx] = nibble(num - last)
        const [l, lx] = nibble(value.length)
        parts.push(Buffer.from([(d << 4) | l, ...dx, ...lx]), value)
        last = num
    }
    if (body) parts.push(Buffer.from([0xff]), body)
    return Buffer.concat(parts)
}

function uint(v) {
    if (v === 0) return Buffer.alloc(0)
    const bytes = []
    while (v > 0) {
        bytes.unshift(v & 0xff)
        v = Math.floor(v / 256)
    }
    return Buffer.from(bytes)
}

/** One datagram: header (CON, method, mid) + token + a tail from requestTail(). */
function datagram(type, code, mid, token, tail) {
    const head = Buffer.from([0x40 | (type << 4) | token.length, code, (mid >> 8) & 0xff, mid & 0xff])
    return Buffer.concat([head, token, tail])
}

/** Header, token and the options the load client looks at (ETag, Block2); null when it is not CoAP. */
function parseResponse(buf) {
    if (buf.length < 4 || buf[0] >> 6 !== 1) return null
    const tkl = buf[0] & 15
    if (tkl > 8 || 4 + tkl > buf.length) return null
    const out = {
        type: (buf[0] >> 4) & 3,
        code: buf[1],
        mid: buf.readUInt16BE(2),
        token: buf.subarray(4, 4 + tkl),
        etag: null,
        block2: null,
        echo: null,
        payloadLength: 0,
    }
    let i = 4 + tkl
    let num = 0
    const ext = n => {
        if (n === 13) return buf[i++] + 13
        if (n === 14) {
            const v = ((buf[i] << 8) | buf[i + 1]) + 269
            i += 2
            return v
        }
        return n
    }
    while (i < buf.length) {
        const b = buf[i++]
        if (b === 0xff) {
            out.payloadLength = buf.length - i
            out.payloadAt = i
            break
        }
        num += ext(b >> 4)
        const len = ext(b & 15)
        if (i + len > buf.length) return null
        const value = buf.subarray(i, i + len)
        if (num === OPT.ETAG) out.etag = Buffer.from(value)
        if (num === OPT.ECHO) out.echo = Buffer.from(value)
        if (num === OPT.BLOCK2) {
            let v = 0
            for (const x of value) v = v * 256 + x
            out.block2 = { num: Math.floor(v / 16), more: (v & 8) !== 0, szx: v & 7 }
        }
        i += len
    }
    return out
}

function codeText(code) {
    return `${code >> 5}.${String(code & 31).padStart(2, '0')}`
}

module.exports = {
    TYPE_CON,
    TYPE_NON,
    TYPE_ACK,
    TYPE_RST,
    METHOD,
    OPT,
    requestTail,
    datagram,
    parseResponse,
    codeText,
    uint,
}
