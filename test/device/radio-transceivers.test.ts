import { describe, test, expect } from "@devicescript/test"
import { CC1101 } from "../../src/radio/transceivers/cc1101"
import { SX1278 } from "../../src/radio/transceivers/sx1278"
import { findTransceiver, moduleCarrierProblem } from "../../src/radio/transceivers/index"

// The transceivers' bands, which the API checks a radio module against (CC1101: datasheet SWRS061I, 300-348, 387-464
// and 779-928 MHz; SX1278: 137-525 MHz). Their register setup is the ESP32 extension's: test/host/rf.test.js.

describe("transceiver bands", () => {
    test("cc1101: 467.75 MHz (the lrs and pocsag default) is outside its bands, the edges inside", () => {
        expect(CC1101.carrierProblem(467750000)).toBe(
            "cc1101 cannot send on 467750000 Hz; its bands are 300-348, 387-464, 779-928 MHz"
        )
        expect(CC1101.carrierProblem(348000001)).toBe(
            "cc1101 cannot send on 348000001 Hz; its bands are 300-348, 387-464, 779-928 MHz"
        )
        expect(CC1101.carrierProblem(464000000)).toBe(null)
        expect(CC1101.carrierProblem(779000000)).toBe(null)
        expect(CC1101.carrierProblem(928000001) === null).toBe(false)
    })
    test("sx1278: 137 to 525 MHz", () => {
        expect(SX1278.carrierProblem(137000000)).toBe(null)
        expect(SX1278.carrierProblem(525000000)).toBe(null)
        expect(SX1278.carrierProblem(868000000)).toBe("sx1278 cannot send on 868000000 Hz; its bands are 137-525 MHz")
        expect(SX1278.carrierProblem(525000001) === null).toBe(false)
    })
})

describe("radio modules", () => {
    test("ook needs no setup and takes any carrier; cc1101 and sx1278 are found by name", () => {
        expect(findTransceiver("ook")).toBe(null)
        expect(findTransceiver("cc1101").name).toBe("cc1101")
        expect(findTransceiver("sx1278").name).toBe("sx1278")
        expect(moduleCarrierProblem("ook", 467750000)).toBe(null)
        expect(moduleCarrierProblem("cc1101", 446156250)).toBe(null)
        expect(moduleCarrierProblem("sx1278", 467750000)).toBe(null)
        expect(moduleCarrierProblem("cc1101", 467750000) === null).toBe(false)
    })
})
