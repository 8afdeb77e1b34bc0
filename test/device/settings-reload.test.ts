import { describe, test, expect } from "@devicescript/test"
import { SntpSettings } from "../../src/clock/sntp-settings"
import { RadioModuleSetting } from "../../src/settings/radio-module"
import { BaseSettings } from "../../src/settings/base-settings"
import { Persistence, readSmallSetting, smallSettingWrites, writeSmallSetting } from "../../src/settings/small-setting"

// After a failed commit the settings objects read flash again (docs/architecture.md "Group commit"): a value flash
// does not hold, missing or garbled, must come back as its default, not as the change the commit could not store.

describe("settings read again", () => {
    test("SNTP: what flash holds, else the default server and UTC", () => {
        const s = new SntpSettings(Persistence.Settings, "0.0.0.0")
        writeSmallSetting("sntp", { server: "192.0.2.1:1123", utcOffsetMinutes: -300 })
        s.load()
        expect(s.server).toBe("192.0.2.1:1123")
        expect(s.utcOffsetMinutes).toBe(-300)
        // a change in RAM only, then flash read again: a garbled value (as a missing one) is the defaults
        writeSmallSetting("sntp", 5)
        s.server = "192.0.2.9"
        s.utcOffsetMinutes = 60
        s.load()
        expect(s.server).toBe("0.0.0.0")
        expect(s.utcOffsetMinutes).toBe(0)
        writeSmallSetting("sntp", { server: "not an address", utcOffsetMinutes: 30.5 })
        s.load()
        expect(s.server).toBe("0.0.0.0")
        expect(s.utcOffsetMinutes).toBe(0)
    })
    test("radio module: what flash holds, else ook", () => {
        const r = new RadioModuleSetting(Persistence.Settings)
        writeSmallSetting("radioModule", "sx1278")
        r.load()
        expect(r.value).toBe("sx1278")
        writeSmallSetting("radioModule", "bogus")
        r.value = "cc1101"
        r.load()
        expect(r.value).toBe("ook")
    })
    test("base: a save writes the key only when the values differ from what flash holds", () => {
        const defaults = {
            systemId: 0,
            defaultTargetGoal: 300,
            statisticsClearMark: 0,
            sessionCapacity: 64,
            notifyPingSeconds: 30,
            radioProtocol: "retekess-t119",
            radioRepeats: 1,
            radioCarrierHz: 0,
        }
        writeSmallSetting("base", { systemId: 12 })
        const b = new BaseSettings(defaults, true)
        b.load()
        expect(b.values.systemId).toBe(12)
        let writes = smallSettingWrites()
        b.save() // nothing changed
        expect(smallSettingWrites()).toBe(writes)
        b.values.defaultTargetGoal = 900
        b.save()
        expect(smallSettingWrites()).toBe(writes + 1)
        expect(readSmallSetting("base").defaultTargetGoal).toBe(900)
        // flash read again without the key: the defaults, which a save with nothing changed does not write
        writeSmallSetting("base", 5)
        b.load()
        writes = smallSettingWrites()
        b.save()
        expect(smallSettingWrites()).toBe(writes)
        expect(b.values.systemId).toBe(0)
    })
})
