import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { spi } from "@devicescript/spi"
import { ChipTrain } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { SPI_MAX_TRANSFER_BYTES, planSpiTransfers, rasteriseSegment, spiClockFactor } from "./spi-raster"
import { Transceiver } from "./transceivers/transceiver"

// ESP32 output: SPI MOSI drives the radio's data input, so the SPI clock does the chip timing. The enable pin (if
// any) powers the transmitter only around a transmission, because MOSI idles at an undefined level. A transceiver
// shares the bus: with its chip select low, MOSI carries its register setup and the TX strobe; with it high, the
// chip ignores SPI and takes MOSI as data on its direct-mode pin (wired to the same GPIO); afterwards it is put to
// sleep. Cannot run in the simulator (no SPI, no pins).

// The slowest SPI clock of the classic ESP32 (about 153 Hz; devicescript-platform.md 3). The ESP32-C3/S3 go no
// lower than about 78 kHz, too fast for a POCSAG transmission in one transfer: this board is a classic ESP32.
export const ESP32_MIN_SPI_HZ = 160
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

export class SpiRadioOutput implements RadioOutput {
    private pins: SpiRadioPins
    private minClockHz: number
    private transceiver: () => Transceiver | null

    /** `transceiver` gives the installed transceiver at each transmission (null: a plain OOK module). */
    constructor(pins: SpiRadioPins, minClockHz: number, transceiver: () => Transceiver | null) {
        this.pins = pins
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
        const plan = planSpiTransfers(train, factor, SPI_MAX_TRANSFER_BYTES)
        const setup = xcvr ? xcvr.startTx(train) : null // throws (carrier, deviation) before anything is switched on
        if (pins.enable) pins.enable.write(1)
        try {
            if (setup) await this.registers(setup)
            spi.configure({ miso: pins.miso, mosi: pins.mosi, sck: pins.sck, hz: train.chipRateHz * factor })
            if (pins.enable || setup) await ds.sleep(RADIO_WAKE_MS)
            for (const seg of plan) {
                await ds.sleep(0) // rasterise each transfer in its own VM slice
                await spi.write(await rasteriseSegment(train, factor, seg))
            }
        } finally {
            try {
                if (xcvr) await this.registers(xcvr.stopTx())
            } finally {
                if (pins.enable) pins.enable.write(0)
            }
        }
    }

    /** One SPI transaction per buffer, each with chip select low. */
    private async registers(transactions: Buffer[]) {
        const pins = this.pins
        spi.configure({ miso: pins.miso, mosi: pins.mosi, sck: pins.sck, hz: REGISTER_CLOCK_HZ })
        for (let i = 0; i < transactions.length; i++) {
            pins.select.write(0)
            try {
                if (i === 0) await ds.sleep(CHIP_WAKE_MS)
                await spi.write(transactions[i])
            } finally {
                pins.select.write(1)
            }
        }
    }
}
