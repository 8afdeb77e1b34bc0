import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { spi } from "@devicescript/spi"
import { ChipTrain } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { SPI_MAX_TRANSFER_BYTES, planSpiTransfers, rasteriseSegment, spiClockFactor } from "./spi-raster"

// ESP32 output: SPI MOSI drives the transmitter's DATA pin, so the SPI clock does the chip
// timing. The enable pin (if any) powers the transmitter only around a transmission, because
// MOSI idles at an undefined level. Cannot run in the simulator (no SPI, no pins).

// Classic ESP32 reaches about 153 Hz; ESP32-C3/S3 about 78 kHz (devicescript-platform.md 3).
export const ESP32_MIN_SPI_HZ = 160
export const ESP32C3_MIN_SPI_HZ = 78200
// Transmitter power-up time before the first chip.
const RADIO_WAKE_MS = 2

export class SpiRadioOutput implements RadioOutput {
    private mosi: ds.OutputPin
    private sck: ds.OutputPin
    private enable: ds.OutputPin | null
    private minClockHz: number

    constructor(mosi: ds.OutputPin, sck: ds.OutputPin, enable: ds.OutputPin | null, minClockHz: number) {
        this.mosi = mosi
        this.sck = sck
        this.enable = enable
        this.minClockHz = minClockHz
        if (enable) enable.setMode(ds.GPIOMode.OutputLow)
    }

    async transmit(train: ChipTrain) {
        const factor = spiClockFactor(train.chipRateHz, this.minClockHz)
        const plan = planSpiTransfers(train, factor, SPI_MAX_TRANSFER_BYTES)
        spi.configure({ mosi: this.mosi, sck: this.sck, hz: train.chipRateHz * factor })
        if (this.enable) {
            this.enable.write(1)
            await ds.sleep(RADIO_WAKE_MS)
        }
        try {
            for (const seg of plan) {
                await ds.sleep(0) // rasterise each transfer in its own VM slice
                await spi.write(await rasteriseSegment(train, factor, seg))
            }
        } finally {
            if (this.enable) this.enable.write(0)
        }
    }
}
