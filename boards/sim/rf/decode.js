'use strict'
// One virtual RF datagram -> what independent decoders make of it. Used by boards/sim/monitor.js
// and the Node tests.

const { parseVirtualRf, airtimeMs } = require('./datagram')
const { decodeWithRtl433 } = require('./rtl433')
const { decodeWithMultimon } = require('./multimon')

async function decodeVirtualRf(datagram) {
    const rf = parseVirtualRf(datagram)
    const decoded = (await decodeWithRtl433(rf)) || (await decodeWithMultimon(rf))
    if (!decoded) throw new Error(`no decoder for protocol "${rf.protocol}"`)
    return {
        protocol: rf.protocol,
        airtimeMs: airtimeMs(rf),
        chipRateHz: rf.chipRateHz,
        carrierHz: rf.carrierHz,
        decoded,
    }
}

module.exports = { decodeVirtualRf }
