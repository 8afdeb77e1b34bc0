import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { spi } from "@devicescript/spi"
import { ChipTrain, MODULATION_OOK } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { planSpiTransfers, rasteriseSegment, spiClockFactor } from "./spi-raster"
import { SPI_MAX_TRANSFER_BYTES } from "../limits"
import { FIFO_BYTES, Transceiver } from "./transceivers/transceiver"

// ESP32 output: SPI MOSI drives the radio's data input, so the SPI clock does the chip timing. The enable pin (if
// any) powers the transmitter only around a transmission, because MOSI idles at an undefined level. A transceiver
// shares the bus: with its chip select low, MOSI carries its register setup and the TX strobe; with it high, the
// chip ignores SPI and takes MOSI as data on its direct-mode pin (wired to the same GPIO); afterwards it is put to
// sleep. A 2-FSK train (POCSAG, LRS) cannot be split into SPI transfers (the line pauses between them and FSK has no
// silence): when it does not fit one transfer at the slowest clock, as on an ESP32-C3, the transceiver sends it from
// its TX FIFO at its own data rate, refilled in time. The SPI bus is passed in (espSpiBus on the device), since the
// simulator has no SPI.

// The slowest SPI clocks (README "ESP32-C3"): classic ESP32 about 153 Hz; ESP32-C3/S3 80 MHz / (16 * 64).
export const ESP32_MIN_SPI_HZ = 160
export const ESP32C3_MIN_SPI_HZ = 78125
/**
 * FIFO mode: bytes appended per refill, once no more than FIFO_LOW remain queued: room for the refill and 4 bytes
 * of margin for the chip's late start; a refill may come 44 bytes late (147 ms at 2400 bit/s) before the FIFO runs dry.
 */
const FIFO_REFILL = 16
const FIFO_LOW = 44
// Transmitter power-up time before the first chip; also covers a transceiver's synthesiser calibration and PLL lock
// after the TX strobe (CC1101 about 0.8 ms, SX1278 well under 1 ms).
const RADIO_WAKE_MS = 2
// Register access: well inside both chips' SPI limits (10 MHz).
const REGISTER_CLOCK_HZ = 1000000
// A sleeping transceiver wakes at chip select low; a CC1101 takes its first byte once its crystal runs (~150 us).
const CHIP_WAKE_MS = 1

export interface SpiRadioPins {
    mosi: ds.OutputPin
    sck: ds.OutputPin
    /** High while transmitting (module power switch or RF switch); null when the board has none. */
    enable: ds.OutputPin | null
    /** Transceivers only: chip select (active low) and MISO; null when the board has none. */
    select: ds.OutputPin | null
    miso: ds.InputPin | null
}

export interface SpiBus {
    configure(hz: number): void
    write(data: Buffer): Promise<void>
}

/** The device's SPI controller on the board's pins. */
export function espSpiBus(pins: SpiRadioPins): SpiBus {
    return {
        configure: hz => spi.configure({ miso: pins.miso, mosi: pins.mosi, sck: pins.sck, hz }),
        write: async data => await spi.write(data),
    }
}

export class SpiRadioOutput implements RadioOutput {
    private pins: SpiRadioPins
    private bus: SpiBus
    private minClockHz: number
    private transceiver: () => Transceiver | null

    /** `transceiver` gives the installed transceiver at each transmission (null: a plain OOK module). */
    constructor(pins: SpiRadioPins, bus: SpiBus, minClockHz: number, transceiver: () => Transceiver | null) {
        this.pins = pins
        this.bus = bus
        this.minClockHz = minClockHz
        this.transceiver = transceiver
        if (pins.enable) pins.enable.setMode(ds.GPIOMode.OutputLow)
        if (pins.select) pins.select.setMode(ds.GPIOMode.OutputHigh)
    }

    async transmit(train: ChipTrain) {
        const pins = this.pins
        const xcvr = this.transceiver()
        if (xcvr && !pins.select) throw new Error(xcvr.name + " needs the board pin RADIO_CS")
        const factor = spiClockFactor(train.chipRateHz, this.minClockHz)
        const oneTransfer = Math.idiv(train.chipCount * factor + 8, 8) <= SPI_MAX_TRANSFER_BYTES
        const fifo = train.modulation !== MODULATION_OOK && !oneTransfer
        if (fifo && !xcvr) throw new Error(train.protocol + " needs a transceiver at this SPI clock")
        const plan = fifo ? null : planSpiTransfers(train, factor, SPI_MAX_TRANSFER_BYTES)
        // throws (carrier, deviation) before anything is switched on
        const setup = xcvr ? xcvr.startTx(train, fifo) : null
        if (pins.enable) pins.enable.write(1)
        try {
            if (fifo) return await this.fromFifo(xcvr, setup, train)
            if (setup) await this.registers(setup)
            this.bus.configure(train.chipRateHz * factor)
            if (pins.enable || setup) await ds.sleep(RADIO_WAKE_MS)
            for (const seg of plan) {
                await ds.sleep(0) // rasterise each transfer in its own VM slice
                await this.bus.write(await rasteriseSegment(train, factor, seg))
            }
        } finally {
            try {
                if (xcvr) await this.registers(xcvr.stopTx())
            } finally {
                if (pins.enable) pins.enable.write(0)
            }
        }
    }

    /**
     * FIFO mode: the setup, the FIFO filled, the start; then refills paced by the clock (byte k has left the FIFO
     * k * 8 chips after the start), and a wait until the last byte is out.
     */
    private async fromFifo(xcvr: Transceiver, setup: Buffer[], train: ChipTrain) {
        const total = (train.chipCount + 7) >> 3
        const msPerByte = 8000 / train.chipRateHz
        let sent = Math.min(FIFO_BYTES, total)
        // The FIFO's first fill goes in before the setup's last write, the start.
        setup.insert(setup.length - 1, 1)
        setup[setup.length - 2] = fifoWrite(xcvr, train, 0, sent)
        await this.registers(setup)
        const t0 = ds.millis()
        while (sent < total) {
            await ds.sleep(Math.max(0, Math.ceil(t0 + (sent - FIFO_LOW) * msPerByte - ds.millis())))
            const n = Math.min(FIFO_REFILL, total - sent)
            await this.registers([fifoWrite(xcvr, train, sent, n)])
            sent += n
        }
        await ds.sleep(Math.max(0, Math.ceil(t0 + total * msPerByte - ds.millis())) + 1)
    }

    /** One SPI transaction per buffer, each with chip select low. */
    private async registers(transactions: Buffer[]) {
        const pins = this.pins
        this.bus.configure(REGISTER_CLOCK_HZ)
        for (let i = 0; i < transactions.length; i++) {
            pins.select.write(0)
            try {
                if (i === 0) await ds.sleep(CHIP_WAKE_MS)
                await this.bus.write(transactions[i])
            } finally {
                pins.select.write(1)
            }
        }
    }
}

/** A burst write of chip bytes [from, from + n) to the transceiver's TX FIFO. */
function fifoWrite(xcvr: Transceiver, train: ChipTrain, from: number, n: number): Buffer {
    const out = Buffer.alloc(n + 1)
    out[0] = xcvr.fifoHeader
    out.blitAt(1, train.chips, from, n)
    return out
}
