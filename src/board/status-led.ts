import * as ds from "@devicescript/core"
import "@devicescript/gpio"

// The status LED's blink codes (README.md, "ESP32"): a code n is n short blinks, then a pause, over
// and over; "serving" is one short blink every 3 s. Only the base's own state: the pin is a plain GPIO
// from the board file, not the runtime's LED.

/** UDP bound, serving CoAP. */
export const LED_SERVING = 1
/** WiFi not connected yet (the runtime says "network not available"). */
export const LED_NO_NETWORK = 2
/** The runtime has no UDP: it is the stock DeviceScript image, flash the UDP-capable one. */
export const LED_NO_UDP = 3
/** UDP present but the bind failed (port taken, bad address). */
export const LED_OPEN_FAILED = 4

const TICK_MS = 100
const BLINK_ON = 2 // ticks lit per blink
const BLINK_SLOT = 5 // ticks per blink, lit + dark
const PAUSE = 15 // dark ticks after the blinks
const HEARTBEAT = 30 // ticks between the serving blinks

/** The blink code for the message an endpoint open failed with. */
export function openFailureCode(message: string): number {
    if (message.indexOf("network not available") >= 0 || message.indexOf("devNetwork") >= 0) return LED_NO_NETWORK
    // Every error of the UDP extension starts with "udp " (boards/esp32/udp/pager_udp.c). Anything else
    // came from the stock TCP code trying to resolve "udp://...": a runtime without UDP.
    if (message.indexOf("udp ") === 0) return LED_OPEN_FAILED
    return LED_NO_UDP
}

/** Whether the LED is lit at `tick` (100 ms ticks) while showing `code`; code 0 = dark. */
export function ledLit(code: number, tick: number): boolean {
    if (code <= 0) return false
    if (code === LED_SERVING) return tick % HEARTBEAT < 1
    const t = tick % (code * BLINK_SLOT + PAUSE)
    return t < code * BLINK_SLOT && t % BLINK_SLOT < BLINK_ON
}

/** Drives the LED pin with a blink code; does nothing without a pin (the simulator). */
export class StatusLed {
    private pin: ds.OutputPin | null
    private code = 0
    private tick = 0
    private lit = false
    /** Lit steadily while true, whatever the code: the button held for a factory reset. */
    held = false

    constructor(pin: ds.OutputPin | null) {
        this.pin = pin
        if (!pin) return
        pin.setMode(ds.GPIOMode.OutputLow)
        const self = this
        setInterval(() => self.step(), TICK_MS)
    }

    show(code: number) {
        if (code === this.code) return
        this.code = code
        this.tick = 0
    }

    private step() {
        const on = ledLit(this.code, this.tick++) || this.held
        if (on === this.lit) return
        this.lit = on
        this.pin.write(on ? 1 : 0)
    }
}
