import * as ds from "@devicescript/core"
import { Access } from "../api/access"
import { StatusLed } from "./status-led"

// Factory reset (README "Security"): the board's button pressed within ~10 s of the start and held for 5 s opens the
// base again, as access control alone: no secret, no trusted clients, reads open, every token revoked. Sessions and
// the other settings stay. Not held through the reset itself: the BOOT button is a strapping pin, and low at reset
// it starts the chip's serial download mode instead of the firmware.

/** How often the button is read in the base; the functions below count samples. */
export const SAMPLE_MS = 100
/** Samples in a row the button must be held: 5 s. */
export const HOLD = 50
/** Samples without the hold under way after which the button is no longer watched: ~10 s from the start. */
export const START = 100

/**
 * Reads `pressed` every `sampleMs` from the start, the LED lit while it is held; once held HOLD samples in a row,
 * resets access control, starts a `commit` of it and returns true. Returns false, having changed nothing, once
 * START + 1 samples were not part of such a hold (a press released early counts among them): at most START + HOLD
 * samples in all.
 */
export async function buttonReset(
    pressed: () => boolean,
    access: Access,
    led: StatusLed,
    sampleMs: number,
    commit: () => void
) {
    let run = 0
    for (let i = 0; run < HOLD; ++i) {
        run = pressed() ? run + 1 : 0
        led.held = run > 0
        if (i - run >= START) return false
        await ds.sleep(sampleMs)
    }
    led.held = false
    access.change("", Buffer.alloc(0), false)
    commit()
    console.log("access: factory reset by the button, the base is open")
    return true
}
