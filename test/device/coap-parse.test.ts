import { describe, test, expect } from "@devicescript/test"
import { parseMessage, PARSE_OK, PARSE_IGNORE, PARSE_REJECT, ParseResult } from "../../src/coap/parse"
import { BODY_MAX, URI_MAX } from "../../src/limits"

// Vectors written by hand from RFC 7252 §3 (header) and §3.1 (option delta/length nibbles).

/** One line per message, so a whole parse compares with one toBe. */
function summary(r: ParseResult): string {
    if (r.status !== PARSE_OK) return "status " + r.status + " type " + r.type + " mid " + r.mid
    const m = r.msg
    const opts = m.options.map(o => o.num + "=" + o.value.toString("hex")).join(",")
    return `t${m.type} c${m.code} m${m.mid} tok:${m.token.toString("hex")} [${opts}] pl:${m.payload.toString("hex")}`
}

function parsed(data: Buffer): string {
    return summary(parseMessage(data, 0))
}

function statusOf(data: Buffer): number {
    return parseMessage(data, 0).status
}

describe("coap parse: header", () => {
    test("CON GET /temperature (RFC 7252 appendix A) gives type, code, MID and one Uri-Path", () => {
        expect(parsed(hex`40 01 7d 34 bb 74656d7065726174757265`)).toBe(
            "t0 c1 m32052 tok: [11=74656d7065726174757265] pl:"
        )
    })
    test("ACK 2.05 with payload '22.3 C' and no options", () => {
        expect(parsed(hex`60 45 7d 34 ff 32322e332043`)).toBe("t2 c69 m32052 tok: [] pl:32322e332043")
    })
    test("NON POST with a 4-byte token: TKL nibble and token bytes", () => {
        expect(parsed(hex`54 02 12 34 deadbeef`)).toBe("t1 c2 m4660 tok:deadbeef [] pl:")
    })
    test("8-byte token (the largest TKL) is accepted", () => {
        expect(parsed(hex`48 01 ff fe 0102030405060708`)).toBe("t0 c1 m65534 tok:0102030405060708 [] pl:")
    })
    test("RST type bits 11 and MID bytes big-endian", () => {
        expect(parsed(hex`70 00 ab cd`)).toBe("t3 c0 m43981 tok: [] pl:")
    })
    test("empty CON (CoAP ping) is a valid message", () => {
        expect(parsed(hex`40 00 00 07`)).toBe("t0 c0 m7 tok: [] pl:")
    })
    test("message starts at the offset after a UDP peer header", () => {
        const frame = hex`04 7f000001 1633 44 01 00 09 01020304 b1 61`
        expect(summary(parseMessage(frame, 7))).toBe("t0 c1 m9 tok:01020304 [11=61] pl:")
    })
})

describe("coap parse: option nibbles", () => {
    test("delta and length 12 are literal nibbles", () => {
        expect(parsed(hex`40 01 00 01 cc 000102030405060708090a0b`)).toBe(
            "t0 c1 m1 tok: [12=000102030405060708090a0b] pl:"
        )
    })
    test("delta nibble 13 adds one byte: 13 + 0 = option 13, 13 + 255 = option 268", () => {
        expect(parsed(hex`40 01 00 01 d0 00`)).toBe("t0 c1 m1 tok: [13=] pl:")
        expect(parsed(hex`40 01 00 01 d0 ff`)).toBe("t0 c1 m1 tok: [268=] pl:")
    })
    test("delta nibble 14 adds two bytes big-endian: 269 + 0 = option 269", () => {
        expect(parsed(hex`40 01 00 01 e0 00 00`)).toBe("t0 c1 m1 tok: [269=] pl:")
    })
    test("length nibbles 13 and 14: 13-byte and 300-byte values", () => {
        expect(parsed(hex`40 01 00 01 bd 00 61616161616161616161616161`)).toBe(
            "t0 c1 m1 tok: [11=61616161616161616161616161] pl:"
        )
        // 300 = 269 + 0x001f; then Uri-Query "q" (delta 4) and a payload "p", found after the 300 bytes
        const long = Buffer.alloc(4 + 3 + 300 + 4)
        long.blitAt(0, hex`40 01 00 01 be 00 1f`, 0, 7)
        long.blitAt(307, hex`41 71 ff 70`, 0, 4)
        const r = parseMessage(long, 0)
        expect(r.status).toBe(PARSE_OK)
        expect(r.msg.options[0].num).toBe(11)
        // Over URI_MAX, so refused (4.02) unread: only URI_MAX + 1 bytes of it are copied.
        expect(r.msg.options[0].value.length).toBe(URI_MAX + 1)
        expect(r.msg.options[1].num).toBe(15)
        expect(r.msg.options[1].value.toString()).toBe("q")
        expect(r.msg.payload.toString()).toBe("p")
    })
    test("options 1000, 1001, 1014, 2000 as 14-ext, 1, 13-ext, 14-ext deltas", () => {
        // 1000 = 269 + 0x02db; +1; +13 = 13 + 0x00; +986 = 269 + 0x02cd
        expect(parsed(hex`40 01 00 01 e0 02 db 10 d0 00 e0 02 cd`)).toBe("t0 c1 m1 tok: [1000=,1001=,1014=,2000=] pl:")
    })
    test("critical option 65001 via a 14-ext delta (65001 = 269 + 0xfcdc)", () => {
        expect(parsed(hex`40 01 00 01 e0 fc dc`)).toBe("t0 c1 m1 tok: [65001=] pl:")
    })
    test("repeated options keep their order, deltas 0 between them", () => {
        expect(parsed(hex`40 01 00 01 b2 7631 08 73657373696f6e73 42 6b3d ff 7b7d`)).toBe(
            "t0 c1 m1 tok: [11=7631,11=73657373696f6e73,15=6b3d] pl:7b7d"
        )
    })
    test("option number 65535 is accepted, 65536 and above is rejected", () => {
        expect(parsed(hex`40 01 00 01 e0 fe f2`)).toBe("t0 c1 m1 tok: [65535=] pl:")
        expect(statusOf(hex`40 01 00 01 e0 fe f2 10`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 e0 ff ff`)).toBe(PARSE_REJECT)
    })
    test("a payload of up to BODY_MAX bytes is kept whole, a longer one only to BODY_MAX + 1 (it is refused, 4.13)", () => {
        for (const length of [1, BODY_MAX, BODY_MAX + 1, BODY_MAX + 2, 1100]) {
            const msg = Buffer.alloc(5 + length)
            msg.blitAt(0, hex`40 02 00 01 ff`, 0, 5)
            msg.fillAt(5, length, 0x61)
            const payload = parseMessage(msg, 0).msg.payload
            expect(payload.length).toBe(Math.min(length, BODY_MAX + 1))
            expect(payload[payload.length - 1]).toBe(0x61)
        }
    })
    test("40 options are accepted, 41 are refused (heap bound)", () => {
        const msg = Buffer.alloc(4 + 41)
        msg.blitAt(0, hex`40 01 00 01`, 0, 4)
        msg.fillAt(4, 41, 0xb0)
        expect(statusOf(msg.slice(0, 44))).toBe(PARSE_OK)
        expect(statusOf(msg)).toBe(PARSE_REJECT)
    })
})

describe("coap parse: ignore and reject (docs/coap-conformance.md 2.5)", () => {
    test("fewer than 4 bytes is ignored with no type or MID", () => {
        expect(summary(parseMessage(hex`40 01 00`, 0))).toBe("status 1 type -1 mid -1")
        expect(statusOf(hex``)).toBe(PARSE_IGNORE)
        expect(summary(parseMessage(hex`04 7f000001 1633 40 01 00`, 7))).toBe("status 1 type -1 mid -1")
    })
    test("version 2 and version 0 are ignored (no RST), header still reported", () => {
        expect(parsed(hex`80 01 00 05`)).toBe("status 1 type 0 mid 5")
        expect(parsed(hex`90 01 00 05 ff 61`)).toBe("status 1 type 1 mid 5")
        expect(statusOf(hex`00 01 00 05`)).toBe(PARSE_IGNORE)
        expect(statusOf(hex`c0 01 00 05`)).toBe(PARSE_IGNORE)
    })
    test("TKL 9 and TKL 15 are format errors with type and MID for the RST", () => {
        expect(parsed(hex`49 01 12 34 010203040506070809`)).toBe("status 2 type 0 mid 4660")
        expect(parsed(hex`4f 01 12 34 010203040506070809`)).toBe("status 2 type 0 mid 4660")
    })
    test("token running past the end is a format error", () => {
        expect(parsed(hex`44 01 00 02 aabb`)).toBe("status 2 type 0 mid 2")
    })
    test("payload marker with no payload is a format error", () => {
        expect(parsed(hex`40 01 00 03 ff`)).toBe("status 2 type 0 mid 3")
        expect(parsed(hex`40 01 00 03 b1 61 ff`)).toBe("status 2 type 0 mid 3")
    })
    test("delta nibble 15 or length nibble 15 outside the 0xFF marker is a format error", () => {
        expect(statusOf(hex`40 01 00 01 f0`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 f1 61`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 bf 61`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 0f`)).toBe(PARSE_REJECT)
    })
    test("option value running past the end is a format error", () => {
        expect(statusOf(hex`40 01 00 01 b3 61 62`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 bd 05 61`)).toBe(PARSE_REJECT)
    })
    test("missing extension bytes of delta or length are a format error", () => {
        expect(statusOf(hex`40 01 00 01 d0`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 e0 01`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 0d`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 0e 00`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 01 00 01 de 01`)).toBe(PARSE_REJECT)
    })
    test("Empty code 0.00 with a token, an option or a payload is a format error", () => {
        expect(parsed(hex`41 00 00 04 aa`)).toBe("status 2 type 0 mid 4")
        expect(statusOf(hex`40 00 00 04 b1 61`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 00 00 04 ff 61`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`60 00 00 04 ff 61`)).toBe(PARSE_REJECT)
    })
    test("codes of the reserved classes 1, 6 and 7 are format errors", () => {
        expect(statusOf(hex`40 20 00 01`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 3f 00 01`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 c0 00 01`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 e5 00 01`)).toBe(PARSE_REJECT)
        expect(statusOf(hex`40 ff 00 01`)).toBe(PARSE_REJECT)
    })
    test("ACK carrying a request code is rejected, and reported as an ACK (so it is ignored)", () => {
        expect(parsed(hex`60 01 00 08`)).toBe("status 2 type 2 mid 8")
    })
    test("RST that is not Empty, and an Empty NON, are rejected (RFC 7252 §4.2, §4.3)", () => {
        expect(parsed(hex`70 45 00 08`)).toBe("status 2 type 3 mid 8")
        expect(parsed(hex`50 00 00 08`)).toBe("status 2 type 1 mid 8")
    })
    test("Empty ACK and Empty RST are valid", () => {
        expect(statusOf(hex`60 00 00 08`)).toBe(PARSE_OK)
        expect(statusOf(hex`70 00 00 08`)).toBe(PARSE_OK)
    })
})
