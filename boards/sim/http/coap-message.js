'use strict'
// The few CoAP message shapes the HTTP mapping sends and reads (RFC 7252 §3): header, token, options in number
// order with delta/length nibbles (13 and 14 extended), payload marker. The firmware's own codec is in src/coap;
// this one lives in the board layer, like the ESP32's C mapping (boards/esp32/udp/http_coap_map.c).

const TYPE_CON = 0
const TYPE_ACK = 2
const TYPE_RST = 3

/**
 * @param {{type: number, code: number, mid: number, token: Buffer, options: Array<[number, Buffer]>, payload?: Buffer}} m
 * @returns {Buffer}
 */
function encodeMessage(m) {
    const parts = [Buffer.from([0x40 | (m.type << 4) | m.token.length, m.code, m.mid >> 8, m.mid & 0xff]), m.token]
    const options = m.options.slice().sort((a, b) => a[0] - b[0])
    let last = 0
    for (const [number, value] of options) {
        const delta = number - last
        last = number
        const d = nibble(delta)
        const l = nibble(value.length)
        parts.push(Buffer.from([(d.nibble << 4) | l.nibble]), d.extra, l.extra, value)
    }
    if (m.payload && m.payload.length) parts.push(Buffer.from([0xff]), m.payload)
    return Buffer.concat(parts)
}

function nibble(n) {
    if (n < 13) return { nibble: n, extra: Buffer.alloc(0) }
    if (n < 269) return { nibble: 13, extra: Buffer.from([n - 13]) }
    const extra = Buffer.alloc(2)
    extra.writeUInt16BE(n - 269)
    return { nibble: 14, extra }
}

/** @returns {{type, code, mid, token, options: Array<[number, Buffer]>, payload: Buffer} | null} null if malformed */
function decodeMessage(buf) {
    if (buf.length < 4 || buf[0] >> 6 !== 1) return null
    const tkl = buf[0] & 0x0f
    if (tkl > 8 || buf.length < 4 + tkl) return null
    const msg = {
        type: (buf[0] >> 4) & 3,
        code: buf[1],
        mid: buf.readUInt16BE(2),
        token: buf.subarray(4, 4 + tkl),
        options: [],
        payload: Buffer.alloc(0),
    }
    let i = 4 + tkl
    let number = 0
    while (i < buf.length) {
        if (buf[i] === 0xff) {
            if (i + 1 >= buf.length) return null
            msg.payload = buf.subarray(i + 1)
            break
        }
        const byte = buf[i++]
        const d = readNibble(buf, i, byte >> 4)
        if (!d) return null
        const l = readNibble(buf, d.next, byte & 0x0f)
        if (!l || l.next + l.value > buf.length) return null
        number += d.value
        msg.options.push([number, buf.subarray(l.next, l.next + l.value)])
        i = l.next + l.value
    }
    return msg
}

function readNibble(buf, i, n) {
    if (n < 13) return { value: n, next: i }
    if (n === 13) return i < buf.length ? { value: buf[i] + 13, next: i + 1 } : null
    if (n === 14) return i + 1 < buf.length ? { value: buf.readUInt16BE(i) + 269, next: i + 2 } : null
    return null
}

/** An unsigned option value in the fewest bytes (0 is empty). */
function uintValue(n) {
    const bytes = []
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
    return Buffer.from(bytes)
}

const readUint = value => value.reduce((n, b) => n * 256 + b, 0)

module.exports = { encodeMessage, decodeMessage, uintValue, readUint, TYPE_CON, TYPE_ACK, TYPE_RST }
