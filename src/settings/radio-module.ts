import { RADIO_MODULES, RADIO_MODULE_OOK } from "../radio/transceivers/index"
import { Persistence, readSmallSetting } from "./small-setting"
import { Copy, keyOf, stageSetting } from "./atomic-commit"

// Which radio module the base drives (a property of the installation: "ook", "cc1101" or "sx1278"). It has its own
// settings key because the "base" value is already close to the 232-byte limit of one setting.

const KEY = "radioModule"

export class RadioModuleSetting {
    value = RADIO_MODULE_OOK

    constructor(private persistence: Persistence) {}

    /**
     * The stored module; a missing or unknown one is "ook". Called again after a commit failed, it undoes a change
     * the flash store did not take.
     */
    load() {
        if (!this.persistence) return
        const stored = readSmallSetting(keyOf(Copy.RadioModule, KEY, 0))
        this.value = RADIO_MODULES.indexOf(stored) >= 0 ? stored : RADIO_MODULE_OOK
    }

    set(radioModule: string) {
        if (radioModule === this.value) return
        this.value = radioModule
        if (this.persistence) stageSetting(Copy.RadioModule, KEY, Buffer.from(JSON.stringify(radioModule)))
    }
}
