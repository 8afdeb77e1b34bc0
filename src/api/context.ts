import { SessionStore } from "../sessions/store"
import { Clock } from "../clock/clock"
import { BaseSettings } from "../settings/base-settings"
import { SntpClient } from "../clock/sntp-client"
import { Pager } from "./pager"
import { RadioModuleSetting } from "../settings/radio-module"
import { Access } from "./access"

/** What the T7470 resources work on. */
export interface ApiContext {
    store: SessionStore
    clock: Clock
    settings: BaseSettings
    /** The clock's SNTP source and its settings (server, UTC offset). */
    sntp: SntpClient
    pager: Pager
    radioModule: RadioModuleSetting
    /** The access secret, trusted clients, read access, tokens (README "Security"). */
    access: Access
    deviceName: string
    firmwareVersion: string
}
