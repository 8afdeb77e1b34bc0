import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { SessionStore, Label, UNCHANGED } from "../../src/sessions/store"
import { ClearType } from "../../src/sessions/record"
import { Persistence } from "../../src/settings/small-setting"
import { sessionsListReply } from "../../src/api/sessions"
import { T, context, expectBlocksMatch, historyBody, label } from "./blocks"

// Block2 blocks skip the sessions outside them by their length computed from the record (sessionJsonLength in
// src/api/render.ts): the blocks laid end to end must still be the one-piece rendering, byte for byte, also after
// sessions change.

/**
 * A full ring of 24 of the longest finished sessions, ~12 KB rendered: a larger one-piece rendering does not fit
 * the heap beside every other suite of the device run (the e2e blockwise and capacity tests fetch full rings of
 * the default and the largest capacity over CoAP).
 */
const RING = 24
async function fullHistory(): Promise<SessionStore> {
    const store = new SessionStore(RING, Persistence.RamOnly)
    for (let i = 0; i < RING; ++i) {
        await ds.sleep(0)
        const slot = store.create(100 + i, 4, 300, label(i), T + i)
        store.page(slot, T + 100 + i)
        store.finish(slot, T + 200 + i, i % 2 === 0 ? ClearType.Removed : ClearType.Stop)
    }
    return store
}

describe("api blocks", () => {
    test("a full history of the longest sessions: 16- and 1024-byte blocks are the one-piece rendering", async () => {
        const store = await fullHistory()
        const body = historyBody(context(store))
        await expectBlocksMatch(body, [1024, 16])
    })
    test("a slot reused by a session of another length: its remembered length is not used", async () => {
        const store = await fullHistory()
        const ctx = context(store)
        await expectBlocksMatch(historyBody(ctx), [64])
        // The oldest finished sessions make room (their slots come back with new sequences and shorter labels).
        for (let i = 0; i < 3; ++i) {
            const slot = store.create(900 + i, 1, 60, i === 1 ? null : "x", T + 1000 + i)
            store.finish(slot, T + 1100 + i, ClearType.Stop)
        }
        await expectBlocksMatch(historyBody(ctx), [64, 16])
    })
    test("the sessions list after a label and a page change its sessions' lengths", async () => {
        const store = new SessionStore(8, Persistence.RamOnly)
        for (let i = 0; i < 8; ++i) store.create(10 + i, 2, 300, "guest " + i, T + i)
        const ctx = context(store)
        const list = () => sessionsListReply(ctx).body
        await expectBlocksMatch(list(), [32])
        store.update(store.findActive(12), UNCHANGED, UNCHANGED, label(0), Label.Replace)
        store.page(store.findActive(15), T + 50)
        await expectBlocksMatch(list(), [32])
    })
    test("another store with the same slots and sequences: the first store's lengths are not used", async () => {
        const first = new SessionStore(4, Persistence.RamOnly)
        const second = new SessionStore(4, Persistence.RamOnly)
        for (let i = 0; i < 4; ++i) {
            first.create(i, 1, 60, "a", T)
            second.create(i, 1, 60, label(i), T)
        }
        await expectBlocksMatch(sessionsListReply(context(first)).body, [16])
        await expectBlocksMatch(sessionsListReply(context(second)).body, [16])
    })
})
