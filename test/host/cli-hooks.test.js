'use strict'
// The simulator's hooks into @devicescript/cli (boards/sim/cli-hooks.js) must fail loudly when the CLI no longer
// offers what they hook: a fake CLI that behaves as 2.16.4 does satisfies them; fakes that lack one internal each
// make verify() throw a CliHookError naming that hook. The version check reads a real package.json on disk.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { PINNED_CLI_VERSION, CliHookError, checkCliVersion, createCliHooks } = require('../../boards/sim/cli-hooks')

const FLASH = path.resolve('.devicescript', 'flash', 'sim.bin')

/** Stand-ins for node:net, node:fs and the timers, recording what the hooks pass through. */
function fakeHost() {
    const calls = { connect: [], write: [], timers: [] }
    return {
        calls,
        net: { createConnection: (...args) => calls.connect.push(args) },
        fs: { readFileSync: () => Buffer.alloc(0), writeFileSync: (file, data) => calls.write.push([file, data]) },
        timers: {
            setTimeout: (fn, ms) => {
                calls.timers.push(fn)
                return { ms }
            },
        },
        // The prototype the CLI's VM instance inherits from (Object.prototype for the real one).
        proto: {},
    }
}

/** What the CLI does at start, as 2.16.4 does it; `without` leaves one step out. */
function runFakeCli(host, without = '') {
    if (without !== 'bus') host.net.createConnection(8082, '127.0.0.1', () => {})
    if (without !== 'flash') host.fs.readFileSync('.devicescript/flash/sim.bin')
    const vm = Object.create(host.proto)
    if (without !== 'flashSize') vm.flashLoad = () => Buffer.alloc(0)
    host.vm = vm
    const process2 = () => {}
    const renamed = () => {}
    host.timers.setTimeout(without === 'vmLoop' ? renamed : process2, 10)
    if (without !== 'udp') host.net.createConnection({ host: 'udp://0.0.0.0', port: 5683 })
}

function install(host) {
    const hooks = createCliHooks(host)
    const opened = []
    const saved = []
    hooks.connections((address, port) => {
        opened.push(`${address}:${port}`)
        return {}
    })
    hooks.flashFile(FLASH, data => saved.push(data))
    hooks.flashSize(576)
    const wake = hooks.vmLoop()
    return { hooks, opened, saved, wake }
}

test('a CLI that behaves as the pinned one satisfies every hook', () => {
    const host = fakeHost()
    const { hooks, opened, saved } = install(host)
    runFakeCli(host)
    hooks.verify()
    assert.deepEqual(opened, ['0.0.0.0:5683'])
    assert.equal(host.vm.flashSize, 576 * 1024, 'the VM sized when the CLI gave it its flash')
    assert.equal(typeof host.vm.flashLoad, 'function', 'and its flashLoad kept')
    assert.equal(Object.getOwnPropertyDescriptor(host.proto, 'flashLoad'), undefined, 'the setter stepped aside')
    assert.equal(host.calls.connect.length, 0, 'neither the bus nor the udp socket reached the real net')
    host.fs.writeFileSync('.devicescript/flash/sim.bin', Buffer.from('flash'))
    host.fs.writeFileSync('elsewhere.txt', Buffer.from('other'))
    assert.deepEqual(saved.map(String), ['flash'])
    assert.deepEqual(
        host.calls.write.map(w => w[0]),
        ['elsewhere.txt']
    )
})

for (const [missing, named] of [
    ['vmLoop', /named process2/],
    ['bus', /bus to 127\.0\.0\.1:8082/],
    ['flash', /flash\/sim\.bin/],
    ['flashSize', /flashLoad/],
    ['udp', /udp:\/\/ socket/],
]) {
    test(`a CLI without the ${missing} internal fails verify() loudly, naming it`, () => {
        const host = fakeHost()
        const { hooks } = install(host)
        runFakeCli(host, missing)
        assert.throws(
            () => hooks.verify(),
            e =>
                e instanceof CliHookError &&
                named.test(e.message) &&
                e.message.includes(PINNED_CLI_VERSION) &&
                e.message.includes('docs/udp-contract.md')
        )
    })
}

test('the version check accepts the installed CLI and refuses another version with both numbers', () => {
    const installed = path.dirname(require.resolve('@devicescript/cli/package.json'))
    checkCliVersion(installed)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-cli-'))
    try {
        fs.writeFileSync(
            path.join(dir, 'package.json'),
            JSON.stringify({ name: '@devicescript/cli', version: '2.17.0' })
        )
        assert.throws(
            () => checkCliVersion(dir),
            e => e instanceof CliHookError && e.message.includes('2.17.0') && e.message.includes(PINNED_CLI_VERSION)
        )
    } finally {
        fs.rmSync(dir, { recursive: true, force: true })
    }
})

test('the VM loop found is run at once when woken, once per turn of the event loop', async () => {
    const host = fakeHost()
    const hooks = createCliHooks(host)
    const wake = hooks.vmLoop()
    let runs = 0
    host.timers.setTimeout(function process2() {
        runs++
    }, 100)
    wake()
    wake()
    await new Promise(resolve => setImmediate(resolve))
    assert.equal(runs, 1)
})
