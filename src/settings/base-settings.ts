import { readSmallSetting } from "./small-setting"
import { Copy, keyOf, stageSetting } from "./atomic-commit"

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
    /** +1 on every save or load: observers of /v1/notify compare it to what they were last sent. */
    version = 0
    /** The defaults as JSON, for load(). */
    private defaults: string
    /** The values as flash holds them (or the defaults it implies), as JSON: save() writes only a change. */
    private saved: string

    constructor(
        defaults: BaseSettingsValues,
        private persist: boolean
    ) {
        this.values = defaults
        this.defaults = this.saved = JSON.stringify(defaults)
    }

    /**
     * The stored values over the defaults; a missing or garbled value is the default. Called again after a commit
     * failed, it undoes a change the flash store did not take.
     */
    load() {
        if (!this.persist) return
        const stored = readSmallSetting(keyOf(Copy.Base, KEY, 0))
        const v: any = (this.values = JSON.parse(this.defaults))
        this.version++
        if (stored && typeof stored === "object")
            for (const key of Object.keys(v)) if (typeof stored[key] === typeof v[key]) v[key] = stored[key]
        this.saved = JSON.stringify(v)
    }

    /** Stages the values for the next commit when they differ from what flash holds (a write fewer). */
    save() {
        this.version++
        const json = JSON.stringify(this.values)
        if (this.persist && json !== this.saved) stageSetting(Copy.Base, KEY, Buffer.from(json))
        this.saved = json
    }
}
