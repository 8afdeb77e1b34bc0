import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { readBinarySetting, writeBinarySetting } from "../../src/settings/small-setting"

// Reads of settings from several fibers at once (a render reading a label while the commit reads its writes back):
// ds.actionReport resumes each fiber whose read matches a report, and one that had not suspended yet (still sending
// its command) made the VM panic, "fiber not suspended" (src/settings/small-setting.ts).

describe("settings reads from several fibers", () => {
    test("fibers reading the same key at the same moment each get its value", async () => {
        writeBinarySetting("rdtest", Buffer.from("value"))
        const got: string[] = []
        const fibers = 4
        for (let f = 0; f < fibers; ++f)
            setTimeout(() => {
                for (let i = 0; i < 8; ++i) {
                    const v = readBinarySetting("rdtest")
                    got.push(v ? v.toString() : "null")
                }
            }, 0)
        for (let i = 0; i < 8; ++i) {
            const v = readBinarySetting("rdtest")
            got.push(v ? v.toString() : "null")
        }
        for (let waited = 0; got.length < (fibers + 1) * 8 && waited < 5000; waited += 50) await ds.sleep(50)
        expect(got.length).toBe((fibers + 1) * 8)
        expect(got.every(v => v === "value")).toBe(true)
    })
})
