import * as ds from "@devicescript/core"
import { readSmallSetting, writeSmallSetting } from "../settings/small-setting"

// The ESP32 has no wall clock: time is an epoch offset plus ds.millis() (ms since boot), in integer seconds.
// Until set() (POST /v1/settings datetime, SNTP) after a boot, the clock resumes from the last persisted epoch,
// so timestamps do not jump back to 2000 after a reboot; a fresh device starts at 2000-01-01T00:00:00.
// It persists only on set() and checkpoint(), never on a read.

const KEY = "clock"
/** 2000-01-01T00:00:00 */
export const CLOCK_FRESH_EPOCH = 946684800

export class Clock {
    private offsetMs: number
    private wasSet = false

    constructor(private persist: boolean) {
        const stored = persist ? readSmallSetting(KEY) : null
        const start = typeof stored === "number" && stored >= CLOCK_FRESH_EPOCH ? Math.floor(stored) : CLOCK_FRESH_EPOCH
        this.offsetMs = start * 1000 - ds.millis()
    }

    /** Epoch seconds (local time, no zone), integer. */
    now(): number {
        return Math.floor((this.offsetMs + ds.millis()) / 1000)
    }

    set(epochSeconds: number) {
        this.offsetMs = Math.floor(epochSeconds) * 1000 - ds.millis()
        this.wasSet = true
        this.checkpoint()
    }

    /** True once set() was called since boot; a resumed clock is only monotonic, not right. */
    isSet(): boolean {
        return this.wasSet
    }

    /**
     * Moves an unset clock forward to `epochSeconds` if it is behind (e.g. to the newest timestamp in the
     * session store, which may be later than the last checkpoint), so time stays monotonic across a reboot.
     */
    notBefore(epochSeconds: number) {
        if (!this.wasSet && this.now() < epochSeconds) this.offsetMs = epochSeconds * 1000 - ds.millis()
    }

    /** Persists the current time; call now and then (a rewrite of an identical value costs no flash). */
    checkpoint() {
        if (this.persist) writeSmallSetting(KEY, this.now())
    }
}
