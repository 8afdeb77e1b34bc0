import { describe, test, expect } from "@devicescript/test"
import { SessionStore } from "../../src/sessions/store"
import { sessionJson } from "../../src/api/render"

// Epoch seconds of 2039-06-01T12:00:00, 12:05:00 and 12:09:59 (computed outside the firmware, Date.UTC):
// every time after 2038-01-19 is beyond 2^31, which the VM reads as falsy in a condition.
const CREATED = 2190542400
const PAGED = 2190542700
const CLEARED = 2190542999

describe("api render", () => {
    test("a session paged and cleared after 2038 shows its notified and cleared times", () => {
        const store = new SessionStore(2, false)
        const slot = store.create(7, 2, 300, null, CREATED)
        store.page(slot, PAGED)
        store.finish(slot, CLEARED, false)
        const json = JSON.parse(sessionJson(store, slot))
        expect(JSON.stringify([json.created, json.notified, json.cleared, json.clearType])).toBe(
            '["2039-06-01T12:00:00","2039-06-01T12:05:00","2039-06-01T12:09:59","STOP"]'
        )
    })
})
