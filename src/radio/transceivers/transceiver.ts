import { ChipTrain } from "../chip-train"

// A transceiver (CC1101, SX127x) in direct mode: set up over SPI before each transmission, it then takes the chips
// on its data pin (CC1101 GDO0, SX127x DIO2), which SPI MOSI drives. In FIFO mode (a 2-FSK train too long for one
// SPI transfer at the controller's slowest clock, e.g. on an ESP32-C3) it takes them from its TX FIFO instead. Pure logic: each Buffer is what goes out on
// MOSI during one chip-select-low SPI transaction; src/radio/spi-output.ts sends them.

/** Carriers a chip can tune to, inclusive, in Hz. */
export interface Band {
    minHz: number
    maxHz: number
}

/** TX FIFO size of both chips (CC1101 SWRS061 10.5, SX1278 4.2.10). */
export const FIFO_BYTES = 64

export interface Transceiver {
    name: string
    /** Null when the chip can tune to carrierHz; else why not. */
    carrierProblem(carrierHz: number): string | null
    /**
     * Sets the chip up for the train (carrier, modulation, deviation, chip rate) and starts transmitting; the last
     * transaction is the start. `fifo`: packet mode instead of direct mode, the chip takes the chips from its TX
     * FIFO (FIFO_BYTES) at its own data rate, so the SPI clock does not time them; fill it before the start.
     */
    startTx(train: ChipTrain, fifo: boolean): Buffer[]
    /** The SPI header byte of a burst write to the TX FIFO; the chip bytes follow it, MSB (first chip) first. */
    fifoHeader: number
    /** Stops transmitting, empties the TX FIFO and puts the chip to sleep. */
    stopTx(): Buffer[]
}

function mhz(hz: number) {
    return "" + hz / 1000000
}

export function bandProblem(name: string, bands: Band[], carrierHz: number): string | null {
    const ranges: string[] = []
    for (const b of bands) {
        if (carrierHz >= b.minHz && carrierHz <= b.maxHz) return null
        ranges.push(mhz(b.minHz) + "-" + mhz(b.maxHz))
    }
    return name + " cannot send on " + carrierHz + " Hz; its bands are " + ranges.join(", ") + " MHz"
}
