'use strict'
// Every place where the simulator runner reaches into @devicescript/cli's internals, in one module. The CLI has no
// API for what the runner needs, so it patches what the CLI calls (docs/udp-contract.md, "CLI hooks"):
//   net.createConnection  the firmware's "udp://" socket becomes a datagram endpoint; the Jacdac bus connection of
//                         `--tcp` (127.0.0.1:8082) becomes a private in-process sink, so instances never share a bus
//   fs.readFileSync/writeFileSync of .devicescript/flash/sim.bin  the simulated flash, saved atomically
//   the VM instance's `flashLoad` assignment  the moment to set its flashSize (the CLI has no option for it)
//   setTimeout of the function named `process2`  the VM's run loop, run at once when a datagram arrives
// These were written against one CLI version. checkCliVersion refuses another, and verify() names each hook that
// found nothing once the firmware is up, so a CLI upgrade fails loudly instead of misbehaving quietly.

const fs = require('node:fs')
const path = require('node:path')
const { EventEmitter } = require('node:events')

const PINNED_CLI_VERSION = '2.16.4'
const BUS_HOST = '127.0.0.1'
const BUS_PORT = 8082
const VM_LOOP_NAME = 'process2'
const HELP =
    `boards/sim/cli-hooks.js hooks into @devicescript/cli ${PINNED_CLI_VERSION}'s internals ` +
    '(docs/udp-contract.md, "CLI hooks"): install that version (npm ci), or adapt the hook and PINNED_CLI_VERSION'

class CliHookError extends Error {
    constructor(problem) {
        super(`pagerbase simulator: ${problem}. ${HELP}`)
        this.name = 'CliHookError'
    }
}

/** Throws CliHookError unless the CLI package in `cliDir` is the version the hooks were written for. */
function checkCliVersion(cliDir) {
    const file = path.join(cliDir, 'package.json')
    const version = JSON.parse(fs.readFileSync(file, 'utf8')).version
    if (version !== PINNED_CLI_VERSION)
        throw new CliHookError(`${file} says @devicescript/cli ${version}, not ${PINNED_CLI_VERSION}`)
}

/**
 * The hooks, installed on `host`'s objects (Node's own by default; tests pass fakes). Each records whether the
 * CLI used it.
 * @param {{net: object, fs: object, timers: object}} [host]
 */
function createCliHooks(host = { net: require('node:net'), fs, timers: global, proto: Object.prototype }) {
    const found = { udp: false, bus: false, flash: false, flashSize: false, vmLoop: false }
    let loop = null
    let loopTimer = null

    return {
        found,

        /**
         * net.createConnection: `{host: "udp://<addr>", port}` goes to openUdp(addr, port), which returns the
         * VM's side of the socket; the CLI's bus connection to a private sink; anything else to Node.
         */
        connections(openUdp) {
            const original = host.net.createConnection
            host.net.createConnection = function createConnection(a, b, c) {
                if (a && typeof a === 'object' && typeof a.host === 'string' && a.host.startsWith('udp://')) {
                    found.udp = true
                    return openUdp(a.host.slice(6), a.port)
                }
                if (a === BUS_PORT && b === BUS_HOST) {
                    found.bus = true
                    return privateBus(c)
                }
                return original.apply(this, arguments)
            }
        },

        /**
         * The CLI keeps the simulated flash in `file` (an absolute path) and saves it whole with writeFileSync;
         * save(data) replaces that write. Its read is watched only to know the CLI still uses the file.
         */
        flashFile(file, save) {
            const { readFileSync, writeFileSync } = host.fs
            const isFlash = f => typeof f === 'string' && path.resolve(f) === file
            host.fs.readFileSync = function (f) {
                if (isFlash(f)) found.flash = true
                return readFileSync.apply(this, arguments)
            }
            host.fs.writeFileSync = function (f, data) {
                if (!isFlash(f)) return writeFileSync.apply(this, arguments)
                found.flash = true
                save(data)
            }
        },

        /**
         * The VM's flash is as large as its instance's `flashSize` says (the CLI's default: 128 KB). The CLI sets
         * no size for `devs run`, but assigns the instance's `flashLoad` before it starts the VM: a setter for that
         * name, on the prototype the instance inherits from, sets the size at that moment and then steps aside.
         */
        flashSize(kb) {
            const proto = host.proto
            Object.defineProperty(proto, 'flashLoad', {
                configurable: true,
                set(fn) {
                    delete proto.flashLoad
                    Object.defineProperty(this, 'flashLoad', {
                        value: fn,
                        writable: true,
                        configurable: true,
                        enumerable: true,
                    })
                    this.flashSize = kb * 1024
                    found.flashSize = true
                },
            })
        },

        /**
         * The VM runs its fibers when its own timer fires (the CLI's `process2`, up to 100 ms away). Returns a
         * function that runs it at the next turn of Node's event loop instead, as an interrupt wakes the ESP32's
         * main loop: at most one run per turn.
         */
        vmLoop() {
            const setTimeoutOriginal = host.timers.setTimeout
            host.timers.setTimeout = function (fn, ms, ...args) {
                const handle = setTimeoutOriginal(fn, ms, ...args)
                if (typeof fn === 'function' && fn.name === VM_LOOP_NAME) {
                    found.vmLoop = true
                    loop = fn
                    loopTimer = handle
                }
                return handle
            }
            let pending = false
            return () => {
                if (!loop || pending) return
                pending = true
                setImmediate(() => {
                    pending = false
                    clearTimeout(loopTimer)
                    loop()
                })
            }
        },

        /** Throws CliHookError naming every installed hook the CLI has not used; call once the firmware is up. */
        verify() {
            const missing = []
            if (!found.udp) missing.push('the firmware never opened its udp:// socket through net.createConnection')
            if (!found.bus)
                missing.push(`the CLI never connected its bus to ${BUS_HOST}:${BUS_PORT} through net.createConnection`)
            if (!found.flash) missing.push('the CLI never read or wrote .devicescript/flash/sim.bin through fs')
            if (!found.flashSize) missing.push('the CLI never set flashLoad on its VM, so the flash could not be sized')
            if (!found.vmLoop) missing.push(`no setTimeout of a function named ${VM_LOOP_NAME} (the VM loop)`)
            if (missing.length) throw new CliHookError(`a hook found nothing: ${missing.join('; ')}`)
        },
    }
}

/** What the CLI uses of its bus socket (`--tcp`): writes go nowhere, nothing comes back. */
function privateBus(onConnect) {
    const bus = new EventEmitter()
    bus.write = () => true
    bus.end = () => {}
    bus.setNoDelay = () => {}
    setImmediate(() => onConnect && onConnect())
    return bus
}

module.exports = { PINNED_CLI_VERSION, CliHookError, checkCliVersion, createCliHooks }
