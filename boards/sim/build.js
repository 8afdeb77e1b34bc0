'use strict'
// `npm run build`: builds the web page (boards/page), compiles src/main.ts and keeps the firmware's bytecode
// apart. Every `devs build` and every `devs run --test` writes the same .devicescript/bin/bytecode.devs, so the
// device tests would otherwise replace the firmware that the simulator runner starts.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { PROJECT_DIR, BYTECODE } = require('./vm')
const { buildPage } = require('../page/build')

buildPage()
const built = path.join(PROJECT_DIR, '.devicescript', 'bin', 'bytecode.devs')
const devs = path.join(PROJECT_DIR, 'node_modules', '.bin', 'devs')
execFileSync(devs, ['build', 'src/main.ts', '--quiet'], { cwd: PROJECT_DIR, stdio: 'inherit' })
const temp = `${BYTECODE}.${process.pid}`
fs.copyFileSync(built, temp)
fs.renameSync(temp, BYTECODE)
