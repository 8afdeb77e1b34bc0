'use strict'
// Parses the virtual RF datagram (src/radio/virtual-rf.ts; boards/esp32/udp/rf_train.h), all big-endian:
// "PBRF" | version u8 = 2 | modulation u8 (0 OOK, 1 2-FSK) | carrier Hz u32 | chip rate Hz u32 | chip count u32 |
// deviation Hz u32 | module u8 (0 ook, 1 cc1101, 2 sx1278) | name length u8 | protocol name | chips packed MSB-first.

const MODULATION_OOK = 0
const MODULATION_FSK = 1
const VERSION = 2
const HEADER_BYTES = 24

function parseVirtualRf(buf) {
    if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== 'PBRF')
        throw new Error('not a virtual RF datagram')
    const version = buf[4]
    if (version !== VERSION) throw new Error(`virtual RF version ${version} not understood`)
    const nameLength = buf[23]
    const chipCount = buf.readUInt32BE(14)
    const chipsAt = HEADER_BYTES + nameLength
    const chips = buf.subarray(chipsAt)
    if (chips.length !== Math.ceil(chipCount / 8))
        throw new Error(`chip count ${chipCount} does not match ${chips.length} bytes`)
    return {
        version,
        modulation: buf[5],
        carrierHz: buf.readUInt32BE(6),
        chipRateHz: buf.readUInt32BE(10),
        chipCount,
        deviationHz: buf.readUInt32BE(18),
        module: buf[22],
        protocol: buf.toString('latin1', HEADER_BYTES, chipsAt),
        chips,
    }
}

function chipAt(rf, i) {
    return (rf.chips[i >> 3] >> (7 - (i & 7))) & 1
}

/** The chips as runs: [{ level, start, count }] in order. */
function chipRuns(rf) {
    const runs = []
    let i = 0
    while (i < rf.chipCount) {
        const level = chipAt(rf, i)
        let j = i + 1
        while (j < rf.chipCount && chipAt(rf, j) === level) j++
        runs.push({ level, start: i, count: j - i })
        i = j
    }
    return runs
}

/** Whole-train airtime in integer ms, rounded up. */
function airtimeMs(rf) {
    return Math.ceil((rf.chipCount * 1000) / rf.chipRateHz)
}

module.exports = { parseVirtualRf, chipAt, chipRuns, airtimeMs, MODULATION_OOK, MODULATION_FSK }
