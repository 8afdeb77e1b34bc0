import { describe, test, expect } from "@devicescript/test"
import { DatagramEndpoint } from "../../src/net/endpoint"
import {
    LED_NO_NETWORK,
    LED_NO_UDP,
    LED_OPEN_FAILED,
    LED_SERVING,
    ledLit,
    openFailureCode,
} from "../../src/board/status-led"

// Device tests run in the stock simulator, without the UDP contract: exactly the situation of a stock runtime.
describe("a runtime without UDP", () => {
    test("opening the endpoint fails with an error, which maps to blink code 3 (needs the UDP runtime)", async () => {
        const endpoint = new DatagramEndpoint()
        let message: string = null
        try {
            await endpoint.open(
                "0.0.0.0",
                5683,
                async () => {},
                async () => {},
                () => false
            )
        } catch (e) {
            message = (e as Error).message
        }
        expect(message === null).toBe(false)
        expect(openFailureCode(message)).toBe(LED_NO_UDP)
    })

    test("the other failures have their own codes", () => {
        expect(openFailureCode("network not available")).toBe(LED_NO_NETWORK)
        expect(openFailureCode("udp bind 0.0.0.0:5683: Address in use")).toBe(LED_OPEN_FAILED)
    })

    test("code 3 is three short blinks then a pause; serving is one blink every 3 s", () => {
        // 100 ms ticks: blinks lit for 2 ticks in 5-tick slots, then 15 dark ticks (README "ESP32").
        const lit: number[] = []
        for (let t = 0; t < 30; ++t) if (ledLit(LED_NO_UDP, t)) lit.push(t)
        expect(lit.join(",")).toBe("0,1,5,6,10,11")
        let serving = 0
        for (let t = 0; t < 60; ++t) if (ledLit(LED_SERVING, t)) serving++
        expect(serving).toBe(2)
    })
})
