import { readSmallSetting, writeSmallSetting } from "./small-setting"

// The base's own settings (T7470 settings object plus our extensions), persisted as one small JSON value.
// Clock time ("datetime") is not here: the Clock keeps it.

const KEY = "base"

export interface BaseSettingsValues {
    systemId: number
    defaultTargetGoal: number
    statisticsClearMark: number
    sessionCapacity: number
    notifyPingSeconds: number
    radioProtocol: string
    radioRepeats: number
    radioCarrierHz: number
}

export class BaseSettings {
    values: BaseSettingsValues
    /** +1 on every save: observers of /v1/notify compare it to what they were last sent. */
    version = 0

    constructor(
        defaults: BaseSettingsValues,
        private persist: boolean
    ) {
        this.values = defaults
    }

    /** Reads the stored values over the defaults; a missing or garbled value keeps the default. */
    load() {
        if (!this.persist) return
        const stored = readSmallSetting(KEY)
        if (!stored || typeof stored !== "object") return
        const v: any = this.values
        for (const key of Object.keys(v)) if (typeof stored[key] === typeof v[key]) v[key] = stored[key]
    }

    save() {
        this.version++
        if (this.persist) writeSmallSetting(KEY, this.values)
    }
}
