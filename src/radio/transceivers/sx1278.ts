import { Band, Transceiver, bandProblem } from "./transceiver"

// Semtech SX1278 (datasheet SX1276/77/78/79): its frequency band. The ESP32 extension sets it up for each
// transmission (boards/esp32/udp/rf_transceiver.c).

export const SX1278_BANDS: Band[] = [{ minHz: 137000000, maxHz: 525000000 }]

export const SX1278: Transceiver = {
    name: "sx1278",
    carrierProblem: carrierHz => bandProblem("sx1278", SX1278_BANDS, carrierHz),
}
