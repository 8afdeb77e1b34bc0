'use strict'
// The base's web page and its HTTP API in the simulator (README "The page and HTTP"): node:http with bounded
// headers, body, time and connections; `/` is the page, every other path is mapped onto the firmware's CoAP
// resources (mapping.js) and asked through its own UDP endpoint (coap-client.js), so the firmware sees the
// request as CoAP from a loopback peer and every behaviour, limit and error stays the firmware's.

const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const zlib = require('node:zlib')
const { coapRequest, loginCookie, httpHead } = require('./mapping')
const { CoapClient } = require('./coap-client')

const LIMITS = {
    headerBytes: 4096,
    /** The firmware takes at most 640 bytes (docs/api.md); more is passed on so that it gives its own 4.13. */
    bodyBytes: 4096,
    connections: 16,
    requestMs: 15000,
}
const PAGE = path.join(__dirname, '..', '..', '..', '.devicescript', 'page', 'index.html.gz')

/**
 * @param {{bind: string, port: number, coap: {address: string, port: number}, onListening: (addr) => void}} options
 */
function startHttp(options) {
    const client = new CoapClient(options.coap)
    const page = fs.existsSync(PAGE) ? fs.readFileSync(PAGE) : null
    const server = http.createServer(
        {
            maxHeaderSize: LIMITS.headerBytes,
            requestTimeout: LIMITS.requestMs,
            headersTimeout: LIMITS.requestMs / 2,
            keepAliveTimeout: 5000,
        },
        (req, res) => handle(req, res, client, page)
    )
    server.maxConnections = LIMITS.connections
    server.maxRequestsPerSocket = 1000
    server.on('clientError', (err, socket) => {
        const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
        if (socket.writable && !socket.destroyed)
            socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
        else socket.destroy()
    })
    server.on('error', err => {
        console.error(`pagerbase http: ${err.message}`)
        process.exit(2)
    })
    server.listen(options.port, options.bind, () => options.onListening(server.address()))
    return server
}

function handle(req, res, client, page) {
    if (req.url === '/' || req.url === '/index.html') return servePage(req, res, page)
    const mapped = coapRequest(req.method, req.url, req.headers)
    if (mapped.error) return sendError(res, mapped.status, mapped.error)
    const declared = Number(req.headers['content-length'] || 0)
    if (declared > LIMITS.bodyBytes) return sendError(res, 413, 'body too large', true)
    const chunks = []
    let size = 0
    req.on('data', chunk => {
        size += chunk.length
        if (size > LIMITS.bodyBytes) {
            req.pause()
            return sendError(res, 413, 'body too large', true)
        }
        chunks.push(chunk)
    })
    req.on('end', () => {
        if (res.headersSent) return
        const body = Buffer.concat(chunks)
        const answer = mapped.code === 1 ? relayGet(res, client, mapped.options) : relay(res, client, mapped, body)
        answer.catch(err => {
            if (!res.headersSent) sendError(res, err.status || 502, err.message)
            else res.destroy()
        })
    })
}

async function relay(res, client, mapped, body) {
    const reply = await client.request(mapped.code, mapped.options, body)
    const head = httpHead(reply.code, reply.options, reply.payload.length > 0)
    const login = loginCookie(mapped, reply.code, reply.payload)
    if (login) head.headers['set-cookie'] = login.cookie
    res.writeHead(head.status, head.headers)
    res.end(head.status === 204 ? undefined : login ? login.payload : reply.payload)
}

/** A GET: the first block's head and payload at once, then further blocks as chunks (RFC 8075 §6.4). */
function relayGet(res, client, options) {
    return client
        .getBlocks(
            options,
            first => {
                const head = httpHead(first.code, first.options, first.payload.length > 0)
                res.writeHead(head.status, head.headers)
                if (head.status !== 304) res.write(first.payload)
            },
            more => res.write(more)
        )
        .then(() => res.end())
}

function servePage(req, res, page) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed')
    if (!page) return sendError(res, 404, 'the page is not built: run npm run build')
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '')
    const body = gzip ? page : zlib.gunzipSync(page)
    const headers = {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-length': body.length,
    }
    if (gzip) headers['content-encoding'] = 'gzip'
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
}

/** An error of the HTTP side itself, in the firmware's error shape. */
function sendError(res, status, message, close = false) {
    if (res.headersSent) return res.destroy()
    const body = JSON.stringify({ error: message })
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    if (close) headers.connection = 'close'
    res.writeHead(status, headers)
    res.end(body)
}

module.exports = { startHttp, LIMITS }
