import { Band, Transceiver, bandProblem } from "./transceiver"

// TI CC1101 (datasheet SWRS061I): its frequency bands. The ESP32 extension sets it up for each transmission
// (boards/esp32/udp/rf_transceiver.c).

export const CC1101_BANDS: Band[] = [
    { minHz: 300000000, maxHz: 348000000 },
    { minHz: 387000000, maxHz: 464000000 },
    { minHz: 779000000, maxHz: 928000000 },
]

export const CC1101: Transceiver = {
    name: "cc1101",
    carrierProblem: carrierHz => bandProblem("cc1101", CC1101_BANDS, carrierHz),
}
