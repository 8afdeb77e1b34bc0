'use strict'
// The simulator half of the UDP contract (see DESIGN.md): the unmodified DeviceScript VM only knows one outbound
// TCP socket, opened through net.createConnection. We intercept that call: a host of the form "udp://<addr>"
// becomes a node:dgram socket speaking the contract's framing, and the VM's Jacdac bus connection
// (127.0.0.1:8082, the CLI's --tcp transport) becomes a private in-process sink, so instances never share a bus.

const net = require('node:net')
const dgram = require('node:dgram')
const { EventEmitter } = require('node:events')
const { encodePeerHeader, decodePeerHeader } = require('./peer-header')

const BUS_PORT = 8082

/**
 * @param {object} options
 * @param {string} options.bind     address the firmware's "udp://0.0.0.0" socket is really bound to
 * @param {number} options.port     port it is really bound to (0 = any free port)
 * @param {number} options.firmwarePort the port the firmware asks for that maps onto `port`
 * @param {(addr: {address: string, port: number}) => void} options.onListening
 * @param {(peer: {address: string, port: number}) => {address: string, port: number}} [options.route]
 *        rewrites a destination (used to send virtual RF to the monitor)
 */
function install(options) {
    const originalCreateConnection = net.createConnection
    let bus = null
    // The VM runs its fibers when its timer fires (up to 100 ms away). A frame from the bus makes the CLI run
    // the VM at once, as an interrupt wakes the ESP32's main loop: so each datagram is handled as it arrives,
    // and the VM never holds more than one.
    const wakeVm = () => bus && bus.emit('data', WAKE_FRAME)
    net.createConnection = function createConnection(a, b, c) {
        if (a && typeof a === 'object' && typeof a.host === 'string' && a.host.startsWith('udp://'))
            return openDatagramSocket(a.host.slice(6), a.port, options, wakeVm)
        if (a === BUS_PORT && b === '127.0.0.1') return (bus = privateBus(c))
        return originalCreateConnection.apply(this, arguments)
    }
}

function privateBus(onConnect) {
    const bus = new EventEmitter()
    bus.write = () => true
    bus.end = () => {}
    bus.setNoDelay = () => {}
    setImmediate(() => onConnect && onConnect())
    return bus
}

// An empty Jacdac frame (crc u16 LE, size 0, flags 0, device id 0), length-prefixed as on the CLI's TCP bus.
const WAKE_FRAME = (() => {
    const frame = Buffer.alloc(12)
    frame.writeUInt16LE(crc16(frame.subarray(2)), 0)
    return Buffer.concat([Buffer.from([frame.length]), frame])
})()

/** CRC-16-CCITT, initial value 0xFFFF: the Jacdac frame check. */
function crc16(bytes) {
    let crc = 0xffff
    for (const b of bytes) {
        crc ^= b << 8
        for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
    return crc
}

function openDatagramSocket(requestedAddress, requestedPort, options, wakeVm) {
    const vmSide = new EventEmitter()
    const mapped = requestedPort === options.firmwarePort
    const address = mapped ? options.bind : requestedAddress
    const port = mapped ? options.port : requestedPort
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4')
    let closed = false

    // Datagrams the VM has not taken yet wait in the kernel's socket buffer (bounded, like an lwIP mailbox).
    socket.on('message', (msg, rinfo) => {
        if (closed) return
        vmSide.emit('data', Buffer.concat([encodePeerHeader(rinfo.address, rinfo.port), msg]))
        wakeVm()
    })
    socket.on('error', err => {
        if (closed) return
        closed = true
        vmSide.emit('error', err)
    })
    socket.bind(port, address, () => {
        if (mapped) options.onListening(socket.address())
        vmSide.emit('connect')
    })

    vmSide.write = frame => {
        const peer = decodePeerHeader(Buffer.from(frame))
        if (!peer || closed) return false
        const to = options.route ? options.route(peer) : peer
        socket.send(peer.payload, to.port, to.address)
        return true
    }
    vmSide.end = () => {
        if (closed) return
        closed = true
        socket.close()
    }
    return vmSide
}

module.exports = { install }
