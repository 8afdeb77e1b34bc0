import { SessionStore } from "../sessions/store"
import { Clock } from "../sessions/clock"
import { BaseSettings } from "../settings/base-settings"
import { Pager } from "./pager"
import { RadioModuleSetting } from "../settings/radio-module"

/** What the T7470 resources work on. */
export interface ApiContext {
    store: SessionStore
    clock: Clock
    settings: BaseSettings
    pager: Pager
    radioModule: RadioModuleSetting
    deviceName: string
    firmwareVersion: string
}
