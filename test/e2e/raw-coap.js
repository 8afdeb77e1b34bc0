'use strict'
// CoAP datagrams built and read by hand from RFC 7252 §3, independently of the firmware's codec.

// RFC 7252 §3: Ver=1, T, TKL | Code | Message ID | Token | Options | 0xFF Payload
function message({ type = 0, code = 1, mid = 0x1234, token = Buffer.alloc(0), options = [], payload = null }) {
    const parts = [Buffer.from([0x40 | (type << 4) | token.length, code, mid >> 8, mid & 0xff]), token]
    let last = 0
    for (const [num, value] of options) {
        const v = Buffer.isBuffer(value) ? value : Buffer.from(value)
        parts.push(optionHeader(num - last, v.length), v)
        last = num
    }
    if (payload) parts.push(Buffer.from([0xff]), Buffer.from(payload))
    return Buffer.concat(parts)
}

function optionHeader(delta, length) {
    const nibble = n => (n < 13 ? [n, []] : n < 269 ? [13, [n - 13]] : [14, [(n - 269) >> 8, (n - 269) & 0xff]])
    const [d, dx] = nibble(delta)
    const [l, lx] = nibble(length)
    return Buffer.from([(d << 4) | l, ...dx, ...lx])
}

function header(datagram) {
    return {
        type: (datagram[0] >> 4) & 3,
        tkl: datagram[0] & 15,
        code: `${datagram[1] >> 5}.${String(datagram[1] & 31).padStart(2, '0')}`,
        mid: datagram.readUInt16BE(2),
    }
}

// Walks the options (RFC 7252 §3.1); returns [{num, value}] and where the payload starts.
function parseOptions(datagram) {
    let i = 4 + (datagram[0] & 15)
    let num = 0
    const options = []
    const ext = n => {
        if (n === 13) return datagram[i++] + 13
        if (n === 14) {
            const v = datagram.readUInt16BE(i) + 269
            i += 2
            return v
        }
        return n
    }
    while (i < datagram.length && datagram[i] !== 0xff) {
        const b = datagram[i++]
        num += ext(b >> 4)
        const len = ext(b & 15)
        options.push({ num, value: datagram.subarray(i, i + len) })
        i += len
    }
    return { options, payloadStart: i < datagram.length ? i + 1 : datagram.length }
}

function payloadOf(datagram) {
    return datagram.subarray(parseOptions(datagram).payloadStart).toString('utf-8')
}

function optionValue(datagram, num) {
    const o = parseOptions(datagram).options.find(x => x.num === num)
    return o && o.value
}

module.exports = { message, header, parseOptions, payloadOf, optionValue }
