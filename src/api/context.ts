import { SessionStore } from "../sessions/store"
import { Clock } from "../sessions/clock"
import { BaseSettings } from "../settings/base-settings"
import { RadioModuleSetting } from "../settings/radio-module"
import { Pager } from "./pager"

/** What the T7470 resources work on. */
export interface ApiContext {
    store: SessionStore
    clock: Clock
    settings: BaseSettings
    radioModule: RadioModuleSetting
    pager: Pager
    deviceName: string
    firmwareVersion: string
}
