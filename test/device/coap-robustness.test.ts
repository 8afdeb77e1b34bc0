import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { parseMessage, PARSE_IGNORE, PARSE_OK, PARSE_REJECT } from "../../src/coap/parse"
import { serializeMessage } from "../../src/coap/serialize"

// parseMessage must survive any byte string (docs/coap-conformance.md 1.1). A seeded xorshift32 makes every run the
// same, so a failure prints an input that reproduces it.

let seed = 0x2545f491

function random(n: number): number {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    // 24 bits: the VM computes % of values >= 2^31 as signed 32-bit, so keep the dividend small.
    return (seed >>> 8) % n
}

function randomBytes(length: number): Buffer {
    const out = Buffer.alloc(length)
    for (let i = 0; i < length; ++i) out[i] = random(256)
    return out
}

/**
 * "" when parsing `data` from `offset` behaves: no exception, a known status, the header's type and MID reported
 * whenever there are 4 bytes, and an accepted message re-encoding to exactly its bytes (the encoding is canonical).
 * Otherwise a description with the input.
 */
function checkParse(data: Buffer, offset: number): string {
    const where = () => " for " + data.toString("hex") + " at " + offset
    let r
    try {
        r = parseMessage(data, offset)
    } catch (e) {
        return "threw" + where()
    }
    if (r.status !== PARSE_OK && r.status !== PARSE_IGNORE && r.status !== PARSE_REJECT) return "bad status" + where()
    if (data.length - offset >= 4) {
        if (r.type !== (data[offset] >> 4) % 4) return "wrong type" + where()
        if (r.mid !== data[offset + 2] * 256 + data[offset + 3]) return "wrong mid" + where()
    }
    if (r.status !== PARSE_OK) return r.msg == null ? "" : "message on failure" + where()
    const again = serializeMessage(r.msg, hex``).toString("hex")
    return again === data.slice(offset, data.length).toString("hex") ? "" : "re-encodes as " + again + where()
}

/** Version 1, TKL 0-8 and a code of class 0, 2, 4 or 5, so the rest of the bytes reach the option parser. */
function shapeHeader(data: Buffer) {
    data[0] = 0x40 | (random(4) << 4) | random(9)
    data[1] = ([0, 2, 4, 5][random(4)] << 5) | random(32)
}

/** A valid request with token, ext-13/ext-14 options and payload, to mutate. */
const VALID = hex`44 02 12 34 01020304 b2 7631 08 73657373696f6e73 11 32 d1 02 0a e0 fc 81 ff 7b226e223a377d`

function mutate(base: Buffer): Buffer {
    const kind = random(3)
    if (kind === 0) {
        const out = base.slice(0, base.length)
        out[random(out.length)] = random(256)
        return out
    }
    if (kind === 1) return base.slice(0, random(base.length + 1))
    return Buffer.concat(base, randomBytes(1 + random(4)))
}

describe("coap parse robustness", () => {
    test("the mutation base is itself a valid message", () => {
        expect(parseMessage(VALID, 0).status).toBe(PARSE_OK)
    })
    test("300 random byte strings (half with a plausible header) never throw; accepted ones re-encode", async () => {
        const seen = [0, 0, 0]
        let failure = ""
        for (let i = 0; i < 300 && failure === ""; ++i) {
            const data = randomBytes(random(32))
            if (data.length >= 2 && i % 2 === 0) shapeHeader(data)
            failure = checkParse(data, 0)
            seen[parseMessage(data, 0).status]++
            if (i % 25 === 0) await ds.sleep(0)
        }
        expect(failure).toBe("")
        // Every outcome occurs, so the run reaches the option and payload code, not only the header checks.
        expect(seen.every(n => n > 0)).toBe(true)
    })
    test("300 mutated valid messages (byte changed, truncated, extended) never throw", async () => {
        const seen = [0, 0, 0]
        let failure = ""
        for (let i = 0; i < 300 && failure === ""; ++i) {
            const data = mutate(VALID)
            failure = checkParse(data, 0)
            seen[parseMessage(data, 0).status]++
            if (i % 25 === 0) await ds.sleep(0)
        }
        expect(failure).toBe("")
        expect(seen.every(n => n > 0)).toBe(true)
    })
    test("offsets at, near and past the end of a datagram never throw", () => {
        let failure = ""
        for (let offset = 0; offset <= VALID.length + 2 && failure === ""; ++offset) failure = checkParse(VALID, offset)
        expect(failure).toBe("")
        expect(parseMessage(VALID, VALID.length + 2).status).toBe(PARSE_IGNORE)
    })
})
