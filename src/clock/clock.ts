import * as ds from "@devicescript/core"
import { readSmallSetting, writeBinarySetting } from "../settings/small-setting"

// The ESP32 has no wall clock: time is an epoch offset plus ds.millis() (ms since boot), read in integer seconds.
// Until set() (POST /v1/settings datetime, SNTP) after a boot, the clock resumes from the last persisted epoch,
// so timestamps do not jump back to 2000 after a reboot; a fresh device starts at 2000-01-01T00:00:00.
// It persists only on set() and checkpoint(), never on a read.

const KEY = "clock"
/** 2000-01-01T00:00:00 */
export const CLOCK_FRESH_EPOCH = 946684800
/** 2099-12-31T23:59:59, the last time the API's datetime takes. */
export const CLOCK_LAST_EPOCH = 4102444799
// Who set the clock last (GET /v1/status): nobody since boot, POST /v1/settings datetime, or SNTP.
export const CLOCK_RESUMED = "resumed"
export const CLOCK_MANUAL = "manual"
export const CLOCK_SNTP = "sntp"

export class Clock {
    private offsetMs: number
    source = CLOCK_RESUMED

    constructor(private persist: boolean) {
        const stored = persist ? readSmallSetting(KEY) : null
        const start = typeof stored === "number" && stored >= CLOCK_FRESH_EPOCH ? Math.floor(stored) : CLOCK_FRESH_EPOCH
        this.offsetMs = start * 1000 - ds.millis()
    }

    /** Epoch seconds (local time, no zone), integer. */
    now(): number {
        return this.at(ds.millis())
    }

    /** Epoch seconds at `millis`, a ds.millis() value of this boot, integer. */
    at(millis: number): number {
        return Math.floor((this.offsetMs + millis) / 1000)
    }

    /** Sets the time; `epochSeconds` may have a fraction (SNTP's milliseconds), which the clock keeps. */
    set(epochSeconds: number, source = CLOCK_MANUAL) {
        this.offsetMs = Math.floor(epochSeconds * 1000) - ds.millis()
        this.source = source
        this.checkpoint()
    }

    /** True once set() was called since boot; a resumed clock is only monotonic, not right. */
    isSet(): boolean {
        return this.source !== CLOCK_RESUMED
    }

    /**
     * Moves an unset clock forward to `epochSeconds` if it is behind (e.g. to the newest timestamp in the
     * session store, which may be later than the last checkpoint), so time stays monotonic across a reboot.
     */
    notBefore(epochSeconds: number) {
        if (!this.isSet() && this.now() < epochSeconds) this.offsetMs = epochSeconds * 1000 - ds.millis()
    }

    /** Persists the current time; call now and then (a rewrite of an identical value costs no flash). */
    checkpoint() {
        if (this.persist) writeBinarySetting(KEY, Buffer.from(JSON.stringify(this.now())))
    }
}
