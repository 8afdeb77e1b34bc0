'use strict'
// The simulator half of the UDP contract (docs/udp-contract.md): the unmodified DeviceScript VM only knows one
// outbound TCP socket, opened through net.createConnection. A host of the form "udp://<addr>" becomes a node:dgram
// socket speaking the contract's framing, and each datagram wakes the VM. The hooks into the CLI that make this
// possible live in cli-hooks.js.

const net = require('node:net')
const dns = require('node:dns')
const dgram = require('node:dgram')
const { EventEmitter } = require('node:events')
const { encodePeerHeader, decodePeerHeader } = require('./peer-header')
const { GROUP, LEISURE_MS, groupReplies } = require('./coap-multicast')
const { createCliHooks } = require('./cli-hooks')
const { markAsked, nextToHand } = require('./page-first')

/** The address the firmware binds its one endpoint to; the runner maps that endpoint onto --bind/--port. */
const FIRMWARE_BIND = '0.0.0.0'
/**
 * Datagrams received but not yet handed to the VM, as lwIP's UDP mailbox and the extension's queue hold them on the
 * ESP32 (16 each: CONFIG_LWIP_UDP_RECVMBOX_SIZE and PUDP_QUEUE_LEN); beyond it they are dropped, as there. They go
 * to the VM one per turn of Node's event loop, each followed by a VM run: a burst handed over at once would sit in
 * the VM's 64 KB heap together (40 datagrams of 1 KB arriving at the same moment ran it out of memory), where the
 * ESP32 hands over one at a time. A page goes ahead of the others (page-first.js).
 */
const MAILBOX = 32
/**
 * The longest payload handed to the VM: the ESP32's extension drops a longer datagram (PUDP_MAX_PAYLOAD, 1280), and
 * so does the simulator, whose heap is the same: a 1.6 KB frame needs a hole of its size (docs/architecture.md "Heap").
 */
const MAX_PAYLOAD = 1280

/**
 * @param {object} options
 * @param {string} options.bind     address the firmware's "udp://0.0.0.0" socket is really bound to
 * @param {number} options.port     port it is really bound to (0 = any free port)
 * @param {(addr: {address: string, port: number}, firmwarePort: number) => void} options.onListening
 *        the firmware's endpoint is bound at `addr`; `firmwarePort` is the port the firmware asked for
 * @param {(peer: {address: string, port: number}) => ({address: string, port: number} | null)} [options.route]
 *        rewrites a destination (used to send virtual RF to the monitor); null drops the datagram
 * @param {Record<string, (payload: Buffer) => (Buffer | null)>} [options.services]
 *        destinations ("address:port") answered here instead of on the network: the reply comes back to the
 *        firmware as a datagram from that destination
 * @param {ReturnType<typeof createCliHooks>} [options.hooks] the CLI hooks to install through (default: new ones)
 */
function install(options) {
    const hooks = options.hooks || createCliHooks()
    const wakeVm = hooks.vmLoop()
    // The firmware reopens its socket after a restart (a panic reboots the VM in place): it must come back on the
    // port it had, even when that was chosen by the system (--port 0), and the old socket is gone with its VM.
    const served = { port: options.port, socket: null }
    // "udp://<address>#<name>": the name is for the ESP32's mDNS
    hooks.connections((host, port) => openDatagramSocket(host.split('#')[0], port, options, served, wakeVm))
}

function openDatagramSocket(requestedAddress, requestedPort, options, served, wakeVm) {
    const vmSide = new EventEmitter()
    const mapped = requestedAddress === FIRMWARE_BIND
    const address = mapped ? options.bind : requestedAddress
    const port = mapped ? served.port : requestedPort
    if (mapped && served.socket) served.socket.end()
    const socket = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4', lookup: lookupAtOnce })
    let closed = false

    const mailbox = []
    const group = groupReplies()
    let groupSocket = null
    let pumping = false
    // One datagram (a page first), then the VM's run (queued by wakeVm before the next pump), then the next one.
    const pump = () => {
        if (closed || mailbox.length === 0) {
            pumping = false
            return
        }
        vmSide.emit('data', mailbox.splice(nextToHand(mailbox), 1)[0])
        wakeVm()
        setImmediate(pump)
    }
    const receive = (msg, rinfo) => {
        if (closed || mailbox.length >= MAILBOX || msg.length > MAX_PAYLOAD) return
        const header = encodePeerHeader(rinfo.address, rinfo.port)
        mailbox.push(markAsked(Buffer.concat([header, msg]), header.length))
        if (pumping) return
        pumping = true
        setImmediate(pump)
    }
    socket.on('message', receive)
    socket.on('error', err => {
        if (closed) return
        closed = true
        vmSide.emit('error', err)
    })
    // With lookupAtOnce the bind may call back before net.createConnection has returned the socket to the VM,
    // which only then listens for 'connect'.
    socket.bind(port, address, () => process.nextTick(onBound))
    function onBound() {
        if (closed) return
        if (mapped) {
            served.port = socket.address().port
            served.socket = vmSide
            if (!net.isIPv6(address))
                groupSocket = joinGroup(address, served.port, (msg, rinfo) => {
                    if (!closed && group.accept(msg, rinfo)) receive(msg, rinfo)
                })
            options.onListening(socket.address(), requestedPort)
        }
        vmSide.emit('connect')
    }

    vmSide.write = frame => {
        const peer = decodePeerHeader(Buffer.from(frame))
        if (!peer || closed) return false
        const service = options.services && options.services[`${peer.address}:${peer.port}`]
        if (service) {
            const reply = service(peer.payload)
            if (reply) receive(reply, peer)
            return true
        }
        const to = options.route ? options.route(peer) : peer
        if (!to) return true
        const fate = group.reply(peer.payload, peer)
        if (fate === 'drop') return true
        const send = () => closed || socket.send(peer.payload, to.port, to.address)
        if (fate === 'leisure') setTimeout(send, Math.random() * LEISURE_MS)
        else send()
        return true
    }
    vmSide.end = () => {
        if (closed) return
        closed = true
        socket.close()
        if (groupSocket) groupSocket.close()
    }
    return vmSide
}

/**
 * dgram resolves every address, an IP literal too, through dns.lookup, which answers on process.nextTick: a
 * datagram the VM sends would leave only after the VM's whole run (docs/udp-contract.md "Sending"). An IP literal,
 * as every peer header holds, is taken as it is, and the datagram leaves at once.
 */
function lookupAtOnce(address, family, callback) {
    const version = net.isIP(address)
    if (version) callback(null, address, version)
    else dns.lookup(address, family, callback)
}

/**
 * A socket on All-CoAP-Nodes at the base's port, joined on the interface of `address` (all of them for 0.0.0.0).
 * When the system refuses (no multicast route) it warns and closes: the base then serves unicast only.
 */
function joinGroup(address, port, onMessage) {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true })
    let open = true
    const close = () => {
        if (open) socket.close()
        open = false
    }
    socket.on('message', onMessage)
    socket.on('error', err => {
        console.warn(`udp-contract: no CoAP multicast (${GROUP}:${port}): ${err.message}`)
        close()
    })
    socket.bind(port, GROUP, () => {
        try {
            socket.addMembership(GROUP, address === '0.0.0.0' ? undefined : address)
        } catch (err) {
            socket.emit('error', err)
        }
    })
    return { close }
}

module.exports = { install }
