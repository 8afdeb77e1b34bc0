'use strict'
// `npm run fuzz -- --count N [--seed S] [--batch B] [--flash FILE]`: starts the firmware in the simulator, sends N
// fuzz datagrams through the real UDP path, then checks that the base did not restart or panic, that its tables
// are consistent and that valid requests still get the right answers. Prints the seed (rerun with --seed to get
// the same datagrams) and how many datagrams per second got through. A crash writes the batch that caused it to
// test/fuzz/crashes/<seed>.json; turn it into a case of test/reliability/regressions.test.js.

const fs = require('node:fs')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { startBase } = require('../e2e/harness')
const { runFuzz } = require('./fuzzer')
const { checkAfterFuzz } = require('./checks')
const { nativeAborts } = require('../reliability/lib')

/** `beforeChecks(base)`, when given, runs between the fuzz and the checks (a locked base's test unlocks it there). */
async function fuzzOnce({ count, seed, batch, flash, progress = () => {}, maxSeconds, beforeChecks }) {
    const base = await startBase(flash ? { flash } : {})
    try {
        const result = await runFuzz({ port: base.port, count, seed, batch, log: base.log, progress, maxSeconds })
        let problems = []
        if (result.crash) {
            const dir = path.join(__dirname, 'crashes')
            fs.mkdirSync(dir, { recursive: true })
            result.crashFile = path.join(dir, `${seed}.json`)
            fs.writeFileSync(
                result.crashFile,
                JSON.stringify({ ...result.crash, log: base.log().split('\n').slice(-60) }, null, 1)
            )
            problems.push(
                `crash or no answer after datagram ${result.crash.batch[0].index}..${result.crash.batch[result.crash.batch.length - 1].index}: ${result.crash.trouble.join(' | ')} (batch saved to ${result.crashFile})`
            )
        } else {
            if (beforeChecks) await beforeChecks(base)
            problems = (await checkAfterFuzz(base)).problems
        }
        for (const e of result.serverErrors) problems.push(`5.00 Internal Server Error for ${e.request}`)
        result.nativeAborts = nativeAborts(base.log())
        return { result, problems, log: base.log() }
    } finally {
        await base.kill()
    }
}

function summary(result) {
    const drops = result.drops === null ? 'unknown (no /proc/net/udp)' : result.drops
    return [
        `seed ${result.seed}, datagrams sent ${result.sent}, replies ${result.replies}, ${result.perSecond.toFixed(0)} datagrams/s`,
        `  ${result.sent} datagrams in ${result.seconds.toFixed(1)} s, ${result.through} through (kernel drops ${drops}): ${result.perSecond.toFixed(0)} datagrams/s`,
        `  kinds ${JSON.stringify(result.kinds)}`,
        `  ${result.replies} replies, codes ${JSON.stringify(result.codes)}, barrier timeouts ${result.barrierTimeouts}, native aborts in the log ${result.nativeAborts}`,
    ].join('\n')
}

module.exports = { fuzzOnce, summary }

if (require.main === module) {
    const { values } = parseArgs({
        options: {
            count: { type: 'string', default: '100000' },
            seed: { type: 'string' },
            batch: { type: 'string', default: '3' },
            flash: { type: 'string' },
        },
    })
    const count = Number(values.count)
    const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0
    if (!Number.isInteger(count) || count < 1) {
        console.error(`--count wants a positive integer, got "${values.count}"`)
        process.exit(2)
    }
    console.log(`fuzz: seed ${seed} (rerun with --seed ${seed}), ${count} datagrams`)
    fuzzOnce({
        count,
        seed,
        batch: Number(values.batch),
        flash: values.flash,
        progress: t => console.log(`fuzz: ${t}`),
    })
        .then(({ result, problems }) => {
            console.log(summary(result))
            for (const p of problems) console.log(`PROBLEM: ${p}`)
            console.log(problems.length ? `fuzz: ${problems.length} problem(s), seed ${seed}` : 'fuzz: no problems')
            process.exit(problems.length ? 1 : 0)
        })
        .catch(err => {
            console.error(err)
            process.exit(1)
        })
}
