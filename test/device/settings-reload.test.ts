import { describe, test, expect } from "@devicescript/test"
import { SntpSettings } from "../../src/clock/sntp-settings"
import { RadioModuleSetting } from "../../src/settings/radio-module"
import { BaseSettings } from "../../src/settings/base-settings"
import { Persistence, readSmallSetting } from "../../src/settings/small-setting"
import { Copy, beginCommit, endCommit, keyOf, settingChanges } from "../../src/settings/atomic-commit"
import { writeJson } from "./stored-keys"

// After a failed commit the settings objects read flash again (docs/architecture.md "Group commit"): a value flash
// does not hold, missing or garbled, must come back as its default, not as the change the commit could not store.

describe("settings read again", () => {
    test("SNTP: what flash holds, else the default server and UTC", () => {
        const s = new SntpSettings(Persistence.Settings, "0.0.0.0")
        writeJson(keyOf(Copy.Sntp, "sntp", 0), { server: "192.0.2.1:1123", utcOffsetMinutes: -300 })
        s.load()
        expect(s.server).toBe("192.0.2.1:1123")
        expect(s.utcOffsetMinutes).toBe(-300)
        // a change in RAM only, then flash read again: a garbled value (as a missing one) is the defaults
        writeJson(keyOf(Copy.Sntp, "sntp", 0), 5)
        s.server = "192.0.2.9"
        s.utcOffsetMinutes = 60
        s.load()
        expect(s.server).toBe("0.0.0.0")
        expect(s.utcOffsetMinutes).toBe(0)
        writeJson(keyOf(Copy.Sntp, "sntp", 0), { server: "not an address", utcOffsetMinutes: 30.5 })
        s.load()
        expect(s.server).toBe("0.0.0.0")
        expect(s.utcOffsetMinutes).toBe(0)
    })
    test("radio module: what flash holds, else ook", () => {
        const r = new RadioModuleSetting(Persistence.Settings)
        writeJson(keyOf(Copy.RadioModule, "radioModule", 0), "sx1278")
        r.load()
        expect(r.value).toBe("sx1278")
        writeJson(keyOf(Copy.RadioModule, "radioModule", 0), "bogus")
        r.value = "cc1101"
        r.load()
        expect(r.value).toBe("ook")
    })
    test("base: a save stages the key only when the values differ from what flash holds; a commit writes it", () => {
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
        writeJson(keyOf(Copy.Base, "base", 0), { systemId: 12 })
        const b = new BaseSettings(defaults, true)
        b.load()
        expect(b.values.systemId).toBe(12)
        let changes = settingChanges()
        b.save() // nothing changed
        expect(settingChanges()).toBe(changes)
        b.values.defaultTargetGoal = 900
        b.save()
        expect(settingChanges()).toBe(changes + 1)
        // staged, not written: flash still holds what the test wrote
        expect(readSmallSetting(keyOf(Copy.Base, "base", 0)).defaultTargetGoal).toBe(undefined)
        beginCommit(0)
        endCommit()
        expect(readSmallSetting(keyOf(Copy.Base, "base", 0)).defaultTargetGoal).toBe(900)
        // flash read again without the key: the defaults, which a save with nothing changed does not write
        writeJson(keyOf(Copy.Base, "base", 0), 5)
        b.load()
        changes = settingChanges()
        b.save()
        expect(settingChanges()).toBe(changes)
        expect(b.values.systemId).toBe(0)
    })
})
