import { CC1101 } from "./cc1101"
import { SX1278 } from "./sx1278"
import { Transceiver } from "./transceiver"

// The radio modules a base can have (the radioModule setting): "ook", a plain OOK transmitter whose DATA pin MOSI
// drives and whose carrier its resonator fixes, needs no setup; a transceiver is set up over SPI for each
// transmission, by the ESP32 extension. A module's index here is its byte in the virtual RF datagram
// (src/radio/virtual-rf.ts; RF_MODULE_* in boards/esp32/udp/rf_train.h).

export const RADIO_MODULE_OOK = "ook"
export const RADIO_MODULES = [RADIO_MODULE_OOK, "cc1101", "sx1278"]
const TRANSCEIVERS = [CC1101, SX1278]

/** The transceiver of a module name; null for the plain OOK module (or an unknown name). */
export function findTransceiver(module: string): Transceiver | null {
    for (const t of TRANSCEIVERS) if (t.name === module) return t
    return null
}

/** Null when the module can send on the carrier; else why not. */
export function moduleCarrierProblem(module: string, carrierHz: number): string | null {
    const t = findTransceiver(module)
    return t ? t.carrierProblem(carrierHz) : null
}
