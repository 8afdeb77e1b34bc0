// A transceiver (CC1101, SX127x) as the API sees it: the carriers it can tune to, so that a radio module that cannot
// send on a protocol's carrier is refused when it is set. Its register setup for each transmission is the ESP32
// extension's (boards/esp32/udp/rf_transceiver.c).

/** Carriers a chip can tune to, inclusive, in Hz. */
export interface Band {
    minHz: number
    maxHz: number
}

export interface Transceiver {
    name: string
    /** Null when the chip can tune to carrierHz; else why not. */
    carrierProblem(carrierHz: number): string | null
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
