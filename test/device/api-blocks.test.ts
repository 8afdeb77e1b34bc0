import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { CODE_GET } from "../../src/coap/constants"
import { Body, BodyWriter } from "../../src/coap/exchange"
import { renderWindow } from "../../src/coap/body-window"
import { sameBytes } from "../../src/bytes/same-bytes"
import { ApiContext } from "../../src/api/context"
import { historyResource } from "../../src/api/history"
import { sessionsListReply } from "../../src/api/sessions"
import { Clock } from "../../src/clock/clock"
import { Label, SessionStore, UNCHANGED } from "../../src/sessions/store"
import { ClearType } from "../../src/sessions/record"
import { Persistence } from "../../src/settings/small-setting"

// Block2 blocks skip the sessions outside them by their length computed from the record (sessionJsonLength in
// src/api/render.ts): the blocks laid end to end must still be the one-piece rendering, byte for byte, also after
// sessions change.

const T = 1521114920

/** The envelope's timestamp must not tick between the blocks of one comparison. */
class StoppedClock extends Clock {
    constructor() {
        super(false)
    }
    override at(millis: number): number {
        return T + 600
    }
}

/** Every piece, never skipping: the reference rendering, copied into `out` (or only measured when null). */
class WholeBody implements BodyWriter {
    length = 0
    constructor(private out: Buffer) {}
    write(piece: string) {
        const bytes = Buffer.from(piece)
        if (this.out) this.out.blitAt(this.length, bytes, 0, bytes.length)
        this.length += bytes.length
    }
    skip(length: number): boolean {
        return false
    }
}

function context(store: SessionStore): ApiContext {
    return {
        store,
        clock: new StoppedClock(),
        settings: null,
        pager: null,
        sntp: null,
        radioModule: null,
        access: null,
        deviceName: "pagerbase",
        firmwareVersion: "test",
    }
}

function historyBody(ctx: ApiContext): Body {
    return historyResource(ctx).handle({ msg: null, method: CODE_GET, peer: null, payload: null, at: ds.millis() }).body
}

/** Labels near the 32-byte limit, with 2- and 3-byte UTF-8 characters and JSON escapes: bytes and characters differ. */
function label(i: number): string {
    const kinds = ["Tisch für 4 – Müller & Söhn", 'Table "12" \\ window\tseat ok', "Sarah Connor-Reese, birthday!!!"]
    return kinds[i % 3]
}

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

/** The one-piece rendering of `body`, measured first so the heap holds it once (12 KB for a full history). */
async function whole(body: Body): Promise<Buffer> {
    const measure = new WholeBody(null)
    body(measure)
    await ds.sleep(0)
    const out = Buffer.alloc(measure.length)
    body(new WholeBody(out))
    return out
}

/**
 * Fetches `body` block by block as a Block2 client would: each block must be its slice of the one-piece rendering
 * and report its total, so the blocks laid end to end are that rendering (compared block by block: the heap would
 * not hold both whole).
 */
async function expectBlocksMatch(body: Body, sizes: number[]) {
    await ds.sleep(0)
    const expected = await whole(body)
    for (const size of sizes) {
        for (let start = 0; start < expected.length; start += size) {
            await ds.sleep(0)
            const window = renderWindow(body, start, size)
            expect(window.total).toBe(expected.length)
            const end = Math.min(start + size, expected.length)
            expect(sameBytes(Buffer.concat(...window.pieces(size)), expected.slice(start, end))).toBe(true)
            // A smaller block of the same start (a peer whose address is unproved) is the start of it.
            const half = Math.min(start + (size >> 1), expected.length)
            expect(sameBytes(Buffer.concat(...window.pieces(size >> 1)), expected.slice(start, half))).toBe(true)
        }
    }
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
