'use strict'
// Host test of the ESP32 radio's pure parts (boards/esp32/udp/rf_train.c, rf_raster.c, rf_transceiver.c), compiled
// with gcc and driven through test/host/rf_cli.c (rf-cli.js). The transceivers' expected setups are worked out by hand from the
// datasheets' formulas (the arithmetic is in the comments), not taken from the code under test; the rasteriser must
// give the chips back exactly: each chip as `factor` equal MOSI bits, splits only where the carrier is off, the
// line low at the end. Needs only gcc.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { startRfCli } = require('./rf-cli')

const OOK = 0
const FSK = 1
const MODULE = { ook: 0, cc1101: 1, sx1278: 2 }

let cli
before(() => {
    cli = startRfCli()
})
after(() => cli.stop())

/** A virtual RF datagram, version 2 (rf_train.h). */
function datagram({ modulation = OOK, carrierHz, chipRateHz, deviationHz = 0, module = MODULE.ook, chips, chipCount }) {
    const name = Buffer.from('test')
    const head = Buffer.alloc(24)
    head.write('PBRF', 0, 'latin1')
    head[4] = 2
    head[5] = modulation
    head.writeUInt32BE(carrierHz, 6)
    head.writeUInt32BE(chipRateHz, 10)
    head.writeUInt32BE(chipCount, 14)
    head.writeUInt32BE(deviationHz, 18)
    head[22] = module
    head[23] = name.length
    return Buffer.concat([head, name, chips.subarray(0, Math.ceil(chipCount / 8))]).toString('hex')
}

// --- Transceivers ---

/** The setup of `module` for a train (chips do not matter to it), as hex, one space between chip-select periods. */
async function setup(module, train, fifo = false) {
    const chips = Buffer.alloc(1)
    const answer = await cli.cmd(
        `setup ${fifo ? 1 : 0} ${datagram({ ...train, module: MODULE[module], chips, chipCount: 8 })}`
    )
    if (answer[0].startsWith('error ')) return answer[0]
    return answer.map(l => l.replace(/^txn /, '')).join(' ')
}
const T112 = { carrierHz: 433920000, chipRateHz: 9100 } // retekess-t112 (docs/radio-protocols.md)
const POCSAG_433 = { modulation: FSK, carrierHz: 433920000, chipRateHz: 1200, deviationHz: 4500 } // pocsag1200
const POCSAG = { ...POCSAG_433, carrierHz: 467750000 } // its default carrier
const LRS = { modulation: FSK, carrierHz: 446156250, chipRateHz: 622, deviationHz: 3500 }

test('cc1101: 433.92 MHz OOK at 9100 chips/s (retekess-t112)', async () => {
    assert.equal(
        await setup('cc1101', T112),
        '022e' + // IOCFG0: GDO0 high impedance
            ' 0832' + // PKTCTRL0: asynchronous serial, infinite length, no CRC or whitening
            // 433920000 * 65536 / 26e6 = 1093745.4 -> 1093745 = 0x10B071
            ' 0d10 0eb0 0f71' +
            // 9100 * 2^28 / 26e6 = 93952.3 = 367.0 * 2^8 -> DRATE_E 8, DRATE_M 367 - 256 = 111 = 0x6F
            ' 1088 116f' +
            ' 1230' + // MDMCFG2: MOD_FORMAT 3 (ASK/OOK) << 4
            ' 1818' + // MCSM0: FS_AUTOCAL 1, PO_TIMEOUT 2
            ' 2211' + // FREND0: PA_POWER 1
            ' 23e9 261f' + // FSCAL3, FSCAL0
            ' 7e00c0' + // PATABLE burst: [0] = 0 (off), [1] = 0xC0 (on)
            ' 35' // STX
    )
})

test('cc1101: 2-FSK, direct and FIFO mode; stop; FIFO header', async () => {
    assert.equal(
        await setup('cc1101', POCSAG_433),
        '022e 0832 0d10 0eb0 0f71' +
            // 1200 * 2^28 / 26e6 = 12389.3 = 387.2 * 2^5 -> DRATE_E 5, DRATE_M 131 = 0x83
            ' 1085 1183' +
            ' 1200' + // MDMCFG2: MOD_FORMAT 0 (2-FSK)
            // 4500 / (26e6 / 2^17 = 198.36) = 22.7 = (8 + 3.3) * 2^1 -> E 1, M 3: 4364 Hz (M 4 gives 4761 Hz)
            ' 1513' +
            ' 1818 2210 23e9 261f' + // FREND0 PA_POWER 0
            ' 7ec0 35'
    )
    assert.equal(
        await setup('cc1101', LRS),
        // 446156250 * 65536 / 26e6 = 1124588.3 -> 0x1128EC
        '022e 0832 0d11 0e28 0fec' +
            // 622 * 2^28 / 26e6 = 6421.8 = 401.4 * 2^4 -> DRATE_E 4, DRATE_M 145 = 0x91
            ' 1084 1191 1200' +
            // 3500 / 198.36 = 17.6 = (8 + 0.8) * 2^1 -> E 1, M 1 (3571 Hz)
            ' 1511' +
            ' 1818 2210 23e9 261f 7ec0 35'
    )
    assert.equal(
        await setup('cc1101', POCSAG_433, true),
        // PKTCTRL0: PKT_FORMAT 0 (normal: TX FIFO), no CRC or whitening, LENGTH_CONFIG 2 (infinite); the same rate
        '022e 0802 0d10 0eb0 0f71 1085 1183 1200 1513 1818 2210 23e9 261f 7ec0 35'
    )
    assert.deepEqual(await cli.cmd(`stop ${MODULE.cc1101}`), ['txn 36', 'txn 3b', 'txn 39']) // SIDLE, SFTX, SPWD
    assert.deepEqual(await cli.cmd(`fifo-header ${MODULE.cc1101}`), ['header 7f']) // burst 0x40 | TXFIFO 0x3F
})

test('cc1101: bands 300-348, 387-464, 779-928 MHz; deviation 1587 Hz .. 381 kHz', async () => {
    const bands = 'its bands are 300-348, 387-464, 779-928 MHz'
    assert.equal(await setup('cc1101', POCSAG), `error cc1101 cannot send on 467750000 Hz; ${bands}`)
    assert.equal(
        await setup('cc1101', { ...T112, carrierHz: 348000001 }),
        `error cc1101 cannot send on 348000001 Hz; ${bands}`
    )
    for (const carrierHz of [464000000, 779000000])
        assert.ok(!(await setup('cc1101', { ...T112, carrierHz })).startsWith('error'))
    assert.ok((await setup('cc1101', { ...T112, carrierHz: 928000001 })).startsWith('error'))
    // DEVIATN, the fifth setting of a 2-FSK setup after IOCFG0
    const deviatn = async deviationHz => (await setup('cc1101', { ...POCSAG_433, deviationHz })).split(' ')[8]
    assert.equal(await deviatn(2380), '1504') // 26e6 / 2^17 * (8 + 4) * 2^0 = 2380.4 Hz
    assert.equal(await deviatn(47600), '1547') // 198.36 * (8 + 7) * 2^4 = 47607 Hz, the reset value
    assert.equal(await setup('cc1101', { ...POCSAG_433, deviationHz: 1000 }), 'error cc1101 cannot deviate by 1000 Hz')
    assert.equal(
        await setup('cc1101', { ...POCSAG_433, deviationHz: 400000 }),
        'error cc1101 cannot deviate by 400000 Hz'
    )
})

test('sx1278: OOK, 2-FSK, FIFO mode, stop, FIFO header', async () => {
    assert.equal(
        await setup('sx1278', T112),
        '8108' + // RegOpMode (0x01 | write bit 0x80): FSK, LowFrequencyModeOn, sleep
            ' 8128' + // RegOpMode: OOK (ModulationType 1 << 5), sleep
            ' b100' + // RegPacketConfig2 (0x31): continuous mode
            ' c000' + // RegDioMapping1 (0x40): DIO2 = data
            ' 8a09' + // RegPaRamp: no shaping
            // 433920000 * 2^19 / 32e6 = 7109345.28 -> 7109345 = 0x6C7AE1
            ' 866c 877a 88e1' +
            ' 89c8' + // RegPaConfig: PA_BOOST, MaxPower 4, OutputPower 8 -> 17 - (15 - 8) = 10 dBm
            ' 812b' // RegOpMode: OOK, TX
    )
    assert.equal(
        await setup('sx1278', POCSAG),
        '8108 8108 b100 c000 8a09' +
            // 4500 * 2^19 / 32e6 = 73.73 -> 74 = 0x004A (4517 Hz)
            ' 8400 854a' +
            // 467750000 * 2^19 / 32e6 = 7663616 exactly = 0x74F000
            ' 8674 87f0 8800' +
            ' 89c8 810b' // RegOpMode: FSK, TX
    )
    assert.equal(
        await setup('sx1278', POCSAG, true),
        '8108 8108 b140' + // RegPacketConfig2: DataMode 1 (packet)
            ' c000 8a09 8400 854a 8674 87f0 8800 89c8' +
            ' b000 b200' + // RegPacketConfig1: fixed format, no CRC; RegPayloadLength 0: unlimited
            ' a500 a600 a700' + // no preamble, no sync word
            ' b580' + // RegFifoThresh: TxStartCondition = FIFO not empty
            // 32e6 / 1200 = 26666.67 = 26666 + 11/16: RegBitrate 0x682A, RegBitrateFrac 0xB (1200.0 bit/s)
            ' 8268 832a dd0b' +
            ' 8109 810b' // standby (the FIFO is filled there), then TX
    )
    assert.deepEqual(await cli.cmd(`stop ${MODULE.sx1278}`), ['txn 8108'])
    assert.deepEqual(await cli.cmd(`fifo-header ${MODULE.sx1278}`), ['header 80']) // write bit | RegFifo (0x00)
})

test('sx1278: 137 to 525 MHz; deviation 600 Hz to 200 kHz', async () => {
    for (const carrierHz of [137000000, 525000000])
        assert.ok(!(await setup('sx1278', { ...T112, carrierHz })).startsWith('error'))
    assert.equal(
        await setup('sx1278', { ...T112, carrierHz: 868000000 }),
        'error sx1278 cannot send on 868000000 Hz; its bands are 137-525 MHz'
    )
    // 3500 * 2^19 / 32e6 = 57.34 -> 57 = 0x39, in RegFdevMsb/Lsb (the sixth and seventh writes)
    assert.deepEqual((await setup('sx1278', { ...POCSAG, deviationHz: 3500 })).split(' ').slice(5, 7), ['8400', '8539'])
    assert.equal(await setup('sx1278', { ...POCSAG, deviationHz: 500 }), 'error sx1278 cannot deviate by 500 Hz')
})

test('a plain OOK module is no transceiver', async () => {
    assert.equal(await setup('ook', T112), 'error module 0 is no transceiver')
})

// --- Rasteriser ---

/**
 * An OOK train of `frames` frames: pulses ("1000" and "1110" symbols, as the Retekess encoders send them, chosen by a
 * fixed pseudo-random sequence, with 12 chips off in place of every 25th to 27th: silence too short to split in)
 * for `pulseChips`, then `gapChips` of silence.
 */
function ookTrain(frames, pulseChips, gapChips, chipRateHz = 2000) {
    const chipCount = frames * (pulseChips + gapChips)
    const chips = Buffer.alloc(Math.ceil(chipCount / 8))
    let seed = 12345
    let at = 0
    for (let f = 0; f < frames; f++) {
        for (let s = 0; s < pulseChips / 4; s++) {
            if (s % 25 === 24 && s + 3 <= pulseChips / 4) {
                at += 12
                s += 2
                continue
            }
            seed = (seed * 1103515245 + 12345) & 0x7fffffff
            const symbol = seed & 0x100 ? [1, 1, 1, 0] : [1, 0, 0, 0]
            for (const c of symbol) {
                if (c) chips[at >> 3] |= 0x80 >> (at & 7)
                at++
            }
        }
        at += gapChips
    }
    return { carrierHz: 433920000, chipRateHz, chips, chipCount }
}

const chipAt = (chips, i) => (chips[i >> 3] >> (7 - (i & 7))) & 1

/** Plans and rasterises the train; checks that the transfers give the chips back exactly. Returns their count. */
async function roundTrip(train, factor, maxBytes) {
    const answer = await cli.cmd(`plan ${factor} ${maxBytes} ${datagram(train)}`)
    assert.ok(!answer[0].startsWith('error'), answer[0])
    let chip = 0
    answer.forEach((line, s) => {
        const [, first, count, bytes, hex] = line.split(' ')
        const mosi = Buffer.from(hex, 'hex')
        assert.equal(mosi.length, +bytes)
        assert.ok(mosi.length <= maxBytes, `transfer of ${mosi.length} bytes`)
        assert.equal(+first, chip, `segments leave a hole at chip ${chip}`)
        // A split sits in 16 chips of silence, 8 on each side: the line's pause between transfers is not on air.
        if (s > 0)
            for (let i = chip - 8; i < chip + 8; i++)
                assert.equal(chipAt(train.chips, i), 0, 'split while the carrier is on')
        for (let i = 0; i < +count; i++)
            for (let k = 0; k < factor; k++)
                if (chipAt(mosi, i * factor + k) !== chipAt(train.chips, chip + i))
                    assert.fail(`chip ${chip + i} sub-bit ${k}`)
        for (let i = +count * factor; i < mosi.length * 8; i++) assert.equal(chipAt(mosi, i), 0, 'padding not low')
        if (s === answer.length - 1) assert.ok(+count * factor < mosi.length * 8, 'line not left low')
        chip += +count
    })
    assert.equal(chip, train.chipCount)
    return answer.length
}

test('clock factor: 1 when the chip rate reaches the SPI minimum, else the next integer above', async () => {
    assert.deepEqual(await cli.cmd('factor 512 160'), ['factor 1'])
    assert.deepEqual(await cli.cmd('factor 9100 78200'), ['factor 9']) // 81 900 Hz
    assert.deepEqual(await cli.cmd('factor 512 78200'), ['factor 153']) // 78 336 Hz
})

test('one transfer when it fits; split only inside the silences at factor 1 and 3', async () => {
    const train = ookTrain(10, 100, 27) // 1270 chips = 159 bytes, like ten TD157 frames and their guard gaps
    assert.equal(await roundTrip(train, 1, 4096), 1)
    assert.ok((await roundTrip(train, 1, 24)) > 6)
    assert.ok((await roundTrip(train, 3, 64)) > 6)
})

test('a split needs two silent chip bytes: one between pulses is not enough', async () => {
    // bytes 3-4 silent, byte 8 silent alone (a pulse ends in byte 7, the next starts in byte 9)
    const chips = Buffer.from([0x88, 0x88, 0x88, 0, 0, 0x88, 0x88, 0x88, 0, 0x88, 0x88, 0x88])
    const train = { carrierHz: 433920000, chipRateHz: 2000, chips, chipCount: 96 }
    assert.equal(await roundTrip(train, 1, 10), 2)
    assert.equal((await cli.cmd(`plan 1 10 ${datagram(train)}`))[0].split(' ')[2], '32') // the first ends at chip 32
})

test('factor 9 (the ESP32-C3 minimum clock for T112): two transfers of at most 4096 bytes', async () => {
    const train = ookTrain(12, 300, 49, 9100) // 4188 chips x 9 = 4712 bytes
    assert.equal(await roundTrip(train, 9, 4096), 2)
})

test('a 2-FSK train that needs a split is refused; OOK without a long enough silence too', async () => {
    const silent = { carrierHz: 433920000, chipRateHz: 1200, chips: Buffer.alloc(600), chipCount: 4800 }
    assert.deepEqual(await cli.cmd(`plan 1 512 ${datagram({ ...silent, modulation: FSK, deviationHz: 4500 })}`), [
        'error an FSK train must fit one SPI transfer',
    ])
    assert.equal(await roundTrip(silent, 1, 512), 2)
    const pulses = { carrierHz: 433920000, chipRateHz: 1000, chips: Buffer.alloc(100, 0x88), chipCount: 800 }
    assert.deepEqual(await cli.cmd(`plan 1 50 ${datagram(pulses)}`), ['error no silence to split the SPI transfers at'])
})

test('a datagram that is not a whole one of version 2 is refused', async () => {
    const good = datagram({ ...T112, chips: Buffer.alloc(2), chipCount: 16 })
    assert.equal((await cli.cmd(`plan 1 64 ${good}`)).length, 1)
    for (const bad of [good.slice(0, -2), good + '00', good.replace(/^(.{8})02/, '$101'), good.slice(0, 40)])
        assert.deepEqual(await cli.cmd(`plan 1 64 ${bad}`), ['error datagram'])
})
