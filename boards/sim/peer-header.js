'use strict'
// The UDP contract's datagram framing (docs/udp-contract.md): [addrLen u8 (4|16)] [addr] [port u16 BE] [payload].

const net = require('node:net')

function encodePeerHeader(address, port) {
    const bytes = addressBytes(address)
    const header = Buffer.alloc(1 + bytes.length + 2)
    header[0] = bytes.length
    bytes.copy(header, 1)
    header.writeUInt16BE(port, 1 + bytes.length)
    return header
}

/** @returns {{address: string, port: number, payload: Buffer} | null} null when the frame is malformed */
function decodePeerHeader(frame) {
    const len = frame[0]
    if ((len !== 4 && len !== 16) || frame.length < 3 + len) return null
    const addr = frame.subarray(1, 1 + len)
    const address = len === 4 ? Array.from(addr).join('.') : ipv6String(addr)
    return { address, port: frame.readUInt16BE(1 + len), payload: frame.subarray(3 + len) }
}

function addressBytes(address) {
    if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number))
    // IPv4-mapped IPv6 peers on a dual-stack socket are reported as IPv4.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return addressBytes(mapped[1])
    const [head, tail = ''] = address.split('::')
    const groups = s => (s ? s.split(':') : [])
    const h = groups(head)
    const t = groups(tail)
    const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
    const out = Buffer.alloc(16)
    all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2))
    return out
}

function ipv6String(bytes) {
    const groups = []
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16))
    return groups.join(':')
}

module.exports = { encodePeerHeader, decodePeerHeader }
