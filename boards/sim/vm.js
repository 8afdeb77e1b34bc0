'use strict'
// Starts the firmware's bytecode in the unmodified DeviceScript simulator VM (@devicescript/cli) with the UDP
// contract installed. This is the only place that knows the firmware runs inside Node.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const udpContract = require('./udp-contract')
const { FLASH_KB, convertFlashFile } = require('./flash-size')
const { flashSaver, recover } = require('./flash-file')
const { CliHookError, checkCliVersion, createCliHooks } = require('./cli-hooks')
const { HOST_CLOCK_PEER, sntpReply } = require('./host-clock')

const PROJECT_DIR = path.resolve(__dirname, '..', '..')
const BYTECODE = path.join(PROJECT_DIR, '.devicescript', 'pagerbase.devs')
const CLI_DIR = path.dirname(require.resolve('@devicescript/cli/package.json', { paths: [PROJECT_DIR] }))
const CLI = path.join(CLI_DIR, 'built', 'devicescript-cli.cjs')
// The firmware's simulated radio sends virtual RF here (VIRTUAL_RF_PEER in src/main.ts; docs/udp-contract.md);
// the runner routes it to --rf-monitor.
const VIRTUAL_RF_PEER = '0.0.0.0:0'
// The CLI hooks are checked once the firmware is serving, or after this long without it.
const HOOKS_DEADLINE_MS = 60000

/**
 * @param {{bind: string, port: number, flash: string, rfMonitor: {address: string, port: number}, hostTime: boolean,
 *          onListening: (addr: {address: string, port: number}, firmwarePort: number) => void,
 *          bytecode?: string}} options
 *        hostTime: answer the firmware's default SNTP server with the host's clock
 *        bytecode: another build to run (the bench's variants); the shipped build by default
 */
function startFirmware(options) {
    const bytecode = options.bytecode || BYTECODE
    if (!fs.existsSync(bytecode)) throw new Error(`no firmware build at ${bytecode}: run "npm run build"`)
    failLoudly(() => checkCliVersion(CLI_DIR))
    const hooks = createCliHooks()
    const deadline = setTimeout(() => failLoudly(hooks.verify), HOOKS_DEADLINE_MS).unref()
    udpContract.install({
        bind: options.bind,
        port: options.port,
        hooks,
        onListening: (addr, firmwarePort) => {
            clearTimeout(deadline)
            failLoudly(hooks.verify)
            options.onListening(addr, firmwarePort)
        },
        services: options.hostTime ? { [HOST_CLOCK_PEER]: request => sntpReply(request) } : {},
        // 0.0.0.0 is no real host: a datagram to it is for the runner, and one it has no use for is dropped.
        route: peer => {
            if (`${peer.address}:${peer.port}` === VIRTUAL_RF_PEER) return options.rfMonitor
            return peer.address === '0.0.0.0' ? null : peer
        },
    })
    // The CLI keeps simulator flash in ./.devicescript/flash/sim.bin; a private working directory whose sim.bin
    // links to the chosen flash file gives each instance its own flash.
    const flash = path.resolve(options.flash)
    fs.mkdirSync(path.dirname(flash), { recursive: true })
    if (recover(flash)) console.log(`flash: ${flash} completed the save a kill interrupted`)
    const converted = convertFlashFile(flash)
    if (converted) console.log(converted)
    hooks.flashSize(FLASH_KB)
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pagerbase-'))
    fs.mkdirSync(path.join(workDir, '.devicescript', 'flash'), { recursive: true })
    const link = path.join(workDir, '.devicescript', 'flash', 'sim.bin')
    fs.symlinkSync(flash, link)
    hooks.flashFile(link, flashSaver(flash, FLASH_KB * 1024))
    process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }))
    process.chdir(workDir)

    process.argv = [process.argv[0], 'devs', '--no-colors', 'run', bytecode, '--tcp']
    require(CLI).mainCli()
}

/** A CLI whose internals moved stops the runner with a message that says which hook and what to do. */
function failLoudly(check) {
    try {
        check()
    } catch (e) {
        if (!(e instanceof CliHookError)) throw e
        console.error(e.message)
        process.exit(3)
    }
}

module.exports = { startFirmware, PROJECT_DIR, BYTECODE }
