'use strict'
// Runs a load (client.js) in a worker thread, so that a probe timing the base from the main thread (page arrival
// to first chip, README "Benchmarks") takes its timestamps on an event loop that is not also parsing the load's
// hundreds of answers a second: a datagram that waits for that loop is counted as the base's latency.

const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads')

/**
 * runLoad's options, with `workload` (the name of a workload in workloads.js) in place of `makeLane`, which a
 * worker cannot be handed. Resolves with runLoad's figures.
 */
function runLoadApart(options) {
    return new Promise((resolve, reject) => {
        const worker = new Worker(__filename, { workerData: options })
        worker.once('message', resolve)
        worker.once('error', reject)
        worker.once('exit', code => reject(new Error(`the load's worker exited (${code}) without figures`)))
    })
}

if (!isMainThread) {
    const { runLoad } = require('./client')
    const workloads = require('./workloads')
    runLoad({ ...workerData, makeLane: workloads[workerData.workload] }).then(figures =>
        parentPort.postMessage(figures)
    )
}

module.exports = { runLoadApart }
