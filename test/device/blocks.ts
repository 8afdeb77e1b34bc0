import * as ds from "@devicescript/core"
import { expect } from "@devicescript/test"
import { CODE_GET } from "../../src/coap/constants"
import { Body, BodyWriter } from "../../src/coap/exchange"
import { renderWindow } from "../../src/coap/body-window"
import { sameBytes } from "../../src/bytes/same-bytes"
import { ApiContext } from "../../src/api/context"
import { historyResource } from "../../src/api/history"
import { Clock } from "../../src/clock/clock"
import { SessionStore } from "../../src/sessions/store"

// Rendering a body whole and block by block, for the tests that compare the two (api-blocks, sessions-labels).

export const T = 1521114920

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

export function context(store: SessionStore): ApiContext {
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

export function historyBody(ctx: ApiContext): Body {
    return historyResource(ctx).handle({ msg: null, method: CODE_GET, peer: null, payload: null, at: ds.millis() }).body
}

/** Labels near the 32-byte limit, with 2- and 3-byte UTF-8 characters and JSON escapes: bytes and characters differ. */
export function label(i: number): string {
    const kinds = ["Tisch für 4 – Müller & Söhn", 'Table "12" \\ window\tseat ok', "Sarah Connor-Reese, birthday!!!"]
    return kinds[i % 3]
}

/** The one-piece rendering of `body`, measured first so the heap holds it once (12 KB for a full history). */
export async function whole(body: Body): Promise<Buffer> {
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
export async function expectBlocksMatch(body: Body, sizes: number[]) {
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
