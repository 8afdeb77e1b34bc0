'use strict'
// Chips -> rtl_433 pulse text (`rtl_433 -r file.ook`, loader merbanan/rtl_433 pulse_data.c):
// one "<mark us> <space us>" line per pulse. For 2-FSK the mark is the time on the upper tone,
// which rtl_433's OOK slicers then decode (docs/radio-protocols.md 4.2). Edges are placed at
// round(i * 1e6 / rate) so no rounding error accumulates.

const { chipRuns } = require('./datagram')

// Silence after the last pulse: longer than every flex spec's reset limit.
const TRAILING_SPACE_US = 100000

function edgeUs(rf, chip) {
    return Math.round((chip * 1e6) / rf.chipRateHz)
}

function toPulseText(rf) {
    const lines = [';pulse data', ';version 1', ';timescale 1us']
    const runs = chipRuns(rf)
    for (let k = 0; k < runs.length; k++) {
        const run = runs[k]
        if (run.level !== 1) continue
        const mark = edgeUs(rf, run.start + run.count) - edgeUs(rf, run.start)
        const gap = runs[k + 1]
        const space = gap ? edgeUs(rf, gap.start + gap.count) - edgeUs(rf, gap.start) : 0
        lines.push(`${mark} ${k + 2 >= runs.length ? Math.max(space, TRAILING_SPACE_US) : space}`)
    }
    lines.push(';end')
    return lines.join('\n') + '\n'
}

module.exports = { toPulseText }
