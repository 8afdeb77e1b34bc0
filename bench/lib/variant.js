'use strict'
// Bench-only builds of the firmware: a private copy of the project's src/ in a temporary directory, with exact
// text patches applied, compiled there with the project's own devs CLI. Nothing in the working tree is touched
// (not even .devicescript/, which other builds share). Used for what-if figures (e.g. the rate limiter lifted) and
// for the memory probes (ballast allocated at boot).

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const PROJECT = path.resolve(__dirname, '..', '..')

/**
 * @param {string} name
 * @param {{file: string, find: string|RegExp, replace: string}[]} patches  each `find` must occur exactly once
 * @returns {{bytecode: string, bytes: number, dir: string}}
 */
function buildVariant(name, patches) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pagerbase-bench-${name}-`))
    fs.cpSync(path.join(PROJECT, 'src'), path.join(dir, 'src'), { recursive: true })
    // The custom board files (boards/*.board.json: @dsboard/pager_base).
    fs.mkdirSync(path.join(dir, 'boards'))
    for (const f of fs.readdirSync(path.join(PROJECT, 'boards')))
        if (f.endsWith('.board.json')) fs.copyFileSync(path.join(PROJECT, 'boards', f), path.join(dir, 'boards', f))
    for (const f of ['package.json', 'devsconfig.json']) fs.copyFileSync(path.join(PROJECT, f), path.join(dir, f))
    fs.symlinkSync(path.join(PROJECT, 'node_modules'), path.join(dir, 'node_modules'))
    for (const p of patches) {
        const file = path.join(dir, p.file)
        const text = fs.readFileSync(file, 'utf-8')
        const count =
            typeof p.find === 'string'
                ? text.split(p.find).length - 1
                : (text.match(new RegExp(p.find.source, 'g')) || []).length
        if (count !== 1) throw new Error(`variant ${name}: "${p.find}" occurs ${count} times in ${p.file}`)
        fs.writeFileSync(file, text.replace(p.find, p.replace))
    }
    execFileSync(path.join(PROJECT, 'node_modules', '.bin', 'devs'), ['build', 'src/main.ts', '--quiet'], {
        cwd: dir,
        stdio: 'pipe',
    })
    const bytecode = path.join(dir, '.devicescript', 'bin', 'bytecode.devs')
    return { bytecode, bytes: fs.statSync(bytecode).size, dir }
}

function removeVariant(v) {
    if (v && v.dir && v.dir.startsWith(os.tmpdir())) fs.rmSync(v.dir, { recursive: true, force: true })
}

/**
 * Rate limits (per peer and per address) raised so the load measures the CoAP engine, not the limiter: 60,000 a
 * second, far above what the bench sends. Not 1e6: its longer literal at each use took the function code past the
 * VM's 64 KB (verification error 1051) once the firmware had grown to 16 bytes under it.
 */
const NO_RATE_LIMIT = [
    {
        file: 'src/limits.ts',
        find: /export const RATE_PER_SECOND = \d+/,
        replace: 'export const RATE_PER_SECOND = 60000',
    },
    { file: 'src/limits.ts', find: /export const RATE_BURST = \d+/, replace: 'export const RATE_BURST = 60000' },
    {
        file: 'src/limits.ts',
        find: /export const ADDRESS_RATE_PER_SECOND = \d+/,
        replace: 'export const ADDRESS_RATE_PER_SECOND = 60000',
    },
    {
        file: 'src/limits.ts',
        find: /export const ADDRESS_BURST = \d+/,
        replace: 'export const ADDRESS_BURST = 60000',
    },
]

/** What-if: no settings writes at all (nothing persisted), to measure the engine without the flash's pacing. */
const NO_PERSIST = [
    {
        file: 'src/main.ts',
        find: 'const store = new SessionStore(settings.values.sessionCapacity, Persistence.Settings)',
        replace: 'const store = new SessionStore(settings.values.sessionCapacity, Persistence.RamOnly)',
    },
]

/** The shipped value of `export const NAME = <number>` in a project file. */
function shippedConstant(file, name) {
    const m = new RegExp(`export const ${name} = (\\d+)`).exec(fs.readFileSync(path.join(PROJECT, file), 'utf-8'))
    return m ? Number(m[1]) : null
}

/** `kb` KB of live 256-byte Buffers held from boot: how much of the heap the rest of the program can do without. */
function ballast(kb) {
    return [
        {
            file: 'src/main.ts',
            find: 'const settings = new BaseSettings(',
            replace:
                `const benchBallast: Buffer[] = []\nfor (let i = 0; i < ${Math.round(kb * 4)}; ++i) benchBallast.push(Buffer.alloc(256))\n` +
                'const settings = new BaseSettings(',
        },
    ]
}

module.exports = { buildVariant, removeVariant, NO_RATE_LIMIT, NO_PERSIST, ballast, shippedConstant, PROJECT }
