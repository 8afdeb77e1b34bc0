import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { SessionStore } from "../../src/sessions/store"
import { ClearType } from "../../src/sessions/record"
import { Persistence } from "../../src/settings/small-setting"
import { sessionJson, sessionJsonLength } from "../../src/api/render"

// Epoch seconds of 2039-06-01T12:00:00, 12:05:00 and 12:09:59 (computed outside the firmware, Date.UTC):
// every time after 2038-01-19 is beyond 2^31, which the VM reads as falsy in a condition.
const CREATED = 2190542400
const PAGED = 2190542700
const CLEARED = 2190542999

describe("api render", () => {
    test("a session paged and cleared after 2038 shows its notified and cleared times", () => {
        const store = new SessionStore(2, Persistence.RamOnly)
        const slot = store.create(7, 2, 300, null, CREATED)
        store.page(slot, PAGED)
        store.finish(slot, CLEARED, ClearType.Stop)
        const json = JSON.parse(sessionJson(store, slot))
        expect(JSON.stringify([json.created, json.notified, json.cleared, json.clearType])).toBe(
            '["2039-06-01T12:00:00","2039-06-01T12:05:00","2039-06-01T12:09:59","STOP"]'
        )
    })
    test("the length computed from a record is the rendered session's, byte for byte", async () => {
        // labels of every kind the JSON quoting treats apart: none, empty, ASCII, escapes, control characters,
        // 2- 3- and 4-byte UTF-8, and the longest
        const labels = [
            null,
            "",
            "Sarah",
            'say "hi"\\',
            "tab\there\n",
            "\u0001\u001f",
            "Zoë",
            "日本",
            "😀 ok",
            "0123456789abcdef0123456789abcdef",
        ]
        const store = new SessionStore(labels.length * 3, Persistence.RamOnly)
        let checked = 0
        for (let i = 0; i < labels.length; ++i) {
            await ds.sleep(0) // a fresh VM slice for each label's sessions
            // numbers and times of every digit count up to the largest each field takes
            const created = i % 2 ? CREATED : 1521114920
            const slot = store.create(i === 0 ? 65535 : i * 7, i === 1 ? 999 : 1 + i, i * 9973, labels[i], created)
            const paged = store.create(1000 + i, 1, 86400, labels[i], created)
            store.page(paged, created + 5)
            const done = store.create(2000 + i, 2, 0, labels[i], created)
            store.page(done, created + 9)
            store.finish(done, created + 99, i % 2 === 0 ? ClearType.Removed : ClearType.Stop)
            for (const s of [slot, paged, done]) {
                expect(sessionJsonLength(store, s)).toBe(Buffer.from(sessionJson(store, s)).length)
                checked++
            }
        }
        expect(checked).toBe(labels.length * 3)
    })
})
