'use strict'
// The HTTP side's CoAP client: one UDP socket on loopback that asks the firmware's own endpoint, one exchange at
// a time (NSTART 1, RFC 7252 §4.7), confirmable with RFC 7252 retransmission. Request bodies over one block go
// as Block1 (the firmware decides what is too large); an Echo challenge (RFC 9175, the firmware's address
// check) is answered by repeating the request with the Echo value.

const dgram = require('node:dgram')
const crypto = require('node:crypto')
const { encodeMessage, decodeMessage, uintValue, readUint, TYPE_CON, TYPE_ACK, TYPE_RST } = require('./coap-message')

const OPT_BLOCK2 = 23
const OPT_BLOCK1 = 27
const OPT_ECHO = 252
const BLOCK_SZX = 6 // 1024-byte Block1 blocks, the firmware's largest
/**
 * Blocks of one GET at most: 96 KB of the 512-byte blocks the firmware sends a body longer than one block in (a full
 * ring of 256 lists ~58 KB).
 */
const MAX_BLOCKS = 192
const ACK_TIMEOUT_MS = 2000
const MAX_RETRANSMIT = 2
/** Requests waiting for their turn; beyond it an HTTP request is refused with 503. */
const QUEUE_LIMIT = 16

class CoapClient {
    /** @param {{address: string, port: number}} server */
    constructor(server) {
        this.server = server
        this.socket = dgram.createSocket(server.address.includes(':') ? 'udp6' : 'udp4')
        this.socket.on('message', msg => this.onMessage(msg))
        this.socket.on('error', () => {})
        this.socket.bind(0, server.address.includes(':') ? '::1' : '127.0.0.1')
        this.mid = crypto.randomInt(0x10000)
        this.queue = []
        this.busy = false
        this.pending = null
        this.echo = null
    }

    close() {
        this.socket.close()
    }

    /**
     * One request: resolves with the final response {code, options, payload}, or rejects on timeout or RST.
     * @returns {Promise<{code: number, options: Array<[number, Buffer]>, payload: Buffer}>}
     */
    request(code, options, payload = Buffer.alloc(0)) {
        if (this.queue.length >= QUEUE_LIMIT) return Promise.reject(Object.assign(new Error('busy'), { status: 503 }))
        return new Promise((resolve, reject) => {
            this.queue.push({ run: () => this.withBlocks(code, options, payload), resolve, reject })
            this.next()
        })
    }

    async next() {
        if (this.busy || this.queue.length === 0) return
        this.busy = true
        const job = this.queue.shift()
        try {
            job.resolve(await job.run())
        } catch (err) {
            job.reject(err)
        }
        this.busy = false
        this.next()
    }

    async withBlocks(code, options, payload) {
        const size = 1 << (BLOCK_SZX + 4)
        if (payload.length <= size) return this.withEcho(code, options, payload)
        const tag = crypto.randomBytes(2)
        for (let num = 0; ; ++num) {
            const part = payload.subarray(num * size, (num + 1) * size)
            const more = (num + 1) * size < payload.length
            const block = [OPT_BLOCK1, uintValue((num << 4) | (more ? 8 : 0) | BLOCK_SZX)]
            const res = await this.withEcho(code, [...options, block, [292, tag]], part)
            if (!more || res.code !== 0x5f) return res // 2.31 Continue asks for the next block
        }
    }

    async withEcho(code, options, payload) {
        const echoed = this.echo ? [...options, [OPT_ECHO, this.echo]] : options
        const res = await this.exchange(code, echoed, payload)
        const echo = res.options.find(o => o[0] === OPT_ECHO)
        if (!echo || (this.echo && echo[1].equals(this.echo))) return res
        this.echo = Buffer.from(echo[1])
        return this.exchange(code, [...options, [OPT_ECHO, this.echo]], payload)
    }

    exchange(code, options, payload) {
        this.mid = (this.mid + 1) & 0xffff
        const token = crypto.randomBytes(4)
        const datagram = encodeMessage({ type: TYPE_CON, code, mid: this.mid, token, options, payload })
        return new Promise((resolve, reject) => {
            let tries = 0
            let timeout = ACK_TIMEOUT_MS
            const send = () => {
                if (tries++ > MAX_RETRANSMIT) {
                    this.pending = null
                    return reject(Object.assign(new Error('the firmware did not answer'), { status: 504 }))
                }
                this.socket.send(datagram, this.server.port, this.server.address)
                this.pending.timer = setTimeout(send, timeout)
                timeout *= 2
            }
            this.pending = { mid: this.mid, token, resolve, reject, timer: null }
            send()
        })
    }

    onMessage(buf) {
        const msg = decodeMessage(buf)
        const p = this.pending
        if (!msg || !p || msg.mid !== p.mid) return
        if (msg.type === TYPE_RST) {
            clearTimeout(p.timer)
            this.pending = null
            return p.reject(Object.assign(new Error('the firmware reset the exchange'), { status: 502 }))
        }
        if (msg.type !== TYPE_ACK || msg.code === 0 || !msg.token.equals(p.token)) return
        clearTimeout(p.timer)
        this.pending = null
        p.resolve(msg)
    }

    /**
     * A GET's representation block by block (RFC 7959 §2.4): `onBlock(response)` for the first, then each next
     * block's payload; throws (status 502) if the ETag changes between blocks, or if the representation has more
     * than MAX_BLOCKS blocks (a body cut short must not look whole).
     */
    async getBlocks(options, onFirst, onMore) {
        const first = await this.request(1, options)
        onFirst(first)
        let block = first.options.find(o => o[0] === OPT_BLOCK2)
        const etag = tagOf(first)
        const base = options.filter(o => o[0] === 11 || o[0] === 15)
        for (let n = 1; block && readUint(block[1]) & 8; ++n) {
            if (n >= MAX_BLOCKS)
                throw Object.assign(new Error(`the representation has over ${MAX_BLOCKS} blocks`), { status: 502 })
            const v = readUint(block[1])
            const next = (Math.floor(v / 16) + 1) * 16 + (v & 7)
            const res = await this.request(1, [...base, [OPT_BLOCK2, uintValue(next)]])
            if (res.code !== 0x45 || tagOf(res) !== etag)
                throw Object.assign(new Error('the representation changed during the transfer'), { status: 502 })
            onMore(res.payload)
            block = res.options.find(o => o[0] === OPT_BLOCK2)
        }
    }
}

const tagOf = res => (res.options.find(o => o[0] === 4) || [0, Buffer.alloc(0)])[1].toString('hex')

module.exports = { CoapClient }
