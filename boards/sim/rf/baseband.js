'use strict'
// Chips -> FM-discriminator baseband for multimon-ng `-t raw`: mono signed 16-bit little-endian
// at 22050 Hz (multimon-ng's raw input rate). Upper tone (chip 1) -> +A, lower -> -A, so a
// POCSAG 1 (lower tone) is negative, as multimon-ng expects without -i. No padding at the end:
// silence would decode as phantom all-zero codewords (docs/radio-protocols.md 4.3).

const { chipAt } = require('./datagram')

const SAMPLE_RATE = 22050
const AMPLITUDE = 16000

function toBaseband(rf) {
    const samples = Math.ceil((rf.chipCount * SAMPLE_RATE) / rf.chipRateHz)
    const out = Buffer.alloc(samples * 2)
    for (let n = 0; n < samples; n++) {
        const chip = Math.min(Math.floor((n * rf.chipRateHz) / SAMPLE_RATE), rf.chipCount - 1)
        out.writeInt16LE(chipAt(rf, chip) ? AMPLITUDE : -AMPLITUDE, n * 2)
    }
    return out
}

module.exports = { toBaseband, SAMPLE_RATE }
