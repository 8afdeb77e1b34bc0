import { ChipTrain } from "../chip-train"

// A transceiver (CC1101, SX127x) in direct mode: set up over SPI before each transmission, it then takes the chips
// on its data pin (CC1101 GDO0, SX127x DIO2), which SPI MOSI drives. Pure logic: each Buffer is what goes out on
// MOSI during one chip-select-low SPI transaction; src/radio/spi-output.ts sends them.

/** Carriers a chip can tune to, inclusive, in Hz. */
export interface Band {
    minHz: number
    maxHz: number
}

export interface Transceiver {
    name: string
    /** Null when the chip can tune to carrierHz; else why not. */
    carrierProblem(carrierHz: number): string | null
    /** Sets the chip up for the train (carrier, modulation, deviation, chip rate) and starts transmitting. */
    startTx(train: ChipTrain): Buffer[]
    /** Stops transmitting and puts the chip to sleep. */
    stopTx(): Buffer[]
}

function mhz(hz: number) {
    return "" + hz / 1000000
}

export function bandProblem(name: string, bands: Band[], carrierHz: number): string | null {
    if (bands.some(b => carrierHz >= b.minHz && carrierHz <= b.maxHz)) return null
    const ranges = bands.map(b => mhz(b.minHz) + "-" + mhz(b.maxHz)).join(", ")
    return name + " cannot send on " + carrierHz + " Hz; its bands are " + ranges + " MHz"
}
