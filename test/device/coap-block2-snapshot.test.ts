import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { CODE_CONTENT, CODE_PRECONDITION_FAILED, FORMAT_JSON } from "../../src/coap/constants"
import { Block2Snapshot } from "../../src/coap/block2-snapshot"
import { SNAPSHOT_BYTES, TRANSFERS_MAX } from "../../src/limits"
import { Reply } from "../../src/coap/exchange"
import { renderWindow } from "../../src/coap/body-window"

// What the later blocks of a transfer are cut from (src/coap/block2-snapshot.ts): the first block's text, or a
// 4.12 when the representation is no longer the first block's.

/** A body of `length` bytes: `{"v":"xxx...x","n":<n>}` padded with x, as of the variable state `n`. */
function body(length: number, n: number, etag: Buffer = null): Reply {
    const tail = '","n":' + n + "}"
    let pad = "x"
    while (pad.length < length) pad += pad
    pad = pad.slice(0, length - 6 - tail.length)
    const text = '{"v":"' + pad + tail
    return { code: CODE_CONTENT, format: FORMAT_JSON, etag, body: out => out.write(text) }
}

function text(reply: Reply): string {
    const w = renderWindow(reply.body, 0, 2048)
    return Buffer.concat(...w.pieces(2048)).toString()
}

describe("Block2 snapshots", () => {
    test("later blocks of a body without ETag are cut from the first block's text", () => {
        const s = new Block2Snapshot()
        const first = s.steady(s.begin("a", false), false, body(600, 9), 16)
        const later = s.begin("a", true)
        expect(later === null).toBe(false)
        const cut = s.steady(later, true, body(600, 10), 16)
        expect(text(cut)).toBe(text(first))
        expect(text(cut).endsWith('"n":9}')).toBe(true)
    })
    test("a body that fits the first answer is not kept; unchanged, a later block is rendered again", () => {
        const s = new Block2Snapshot()
        s.steady(s.begin("a", false), false, body(600, 9), 1024)
        const again = s.steady(s.begin("a", true), true, body(600, 9), 1024)
        expect(again.code).toBe(CODE_CONTENT)
        expect(text(again).endsWith('"n":9}')).toBe(true)
        const changed = s.steady(s.begin("a", true), true, body(600, 10), 1024)
        expect(changed.code).toBe(CODE_PRECONDITION_FAILED)
    })
    test("texts beyond SNAPSHOT_BYTES are dropped, oldest first: their hash still tells a change", async () => {
        const s = new Block2Snapshot()
        const keys = ["a", "b", "c", "d"].slice(0, TRANSFERS_MAX)
        expect(keys.length).toBe(TRANSFERS_MAX)
        const size = SNAPSHOT_BYTES / TRANSFERS_MAX + 100
        for (const k of keys) {
            s.steady(s.begin(k, false), false, body(size, 1), 0)
            await ds.sleep(0) // each rendering hashes its bytes: a fresh slice of the opcode budget for each
        }
        // "a" lost its text: the same state renders the same bytes, another state is a 4.12.
        expect(s.steady(s.begin("a", true), true, body(size, 1), 0).code).toBe(CODE_CONTENT)
        await ds.sleep(0)
        expect(s.steady(s.begin("a", true), true, body(size, 2), 0).code).toBe(CODE_PRECONDITION_FAILED)
        // The newest kept it.
        const newest = keys[keys.length - 1]
        expect(text(s.steady(s.begin(newest, true), true, body(size, 2), 0)).endsWith('"n":1}')).toBe(true)
        // One more transfer pushes out the oldest: its later blocks are strays, rendered afresh.
        s.begin("e", false)
        expect(s.begin("a", true) === null).toBe(true)
    })
    test("a body with an ETag: the same ETag passes, another is a 4.12", () => {
        const s = new Block2Snapshot()
        const e1 = Buffer.from([0, 0, 0, 1])
        s.steady(s.begin("l", false), false, body(3000, 1, e1), 0)
        expect(s.steady(s.begin("l", true), true, body(3000, 1, Buffer.from([0, 0, 0, 1])), 0).code).toBe(CODE_CONTENT)
        expect(s.steady(s.begin("l", true), true, body(3000, 2, Buffer.from([0, 0, 0, 2])), 0).code).toBe(
            CODE_PRECONDITION_FAILED
        )
    })
})
