import { describe, test, expect } from "@devicescript/test"
import { CoapMessage, CoapOption } from "../../src/coap/message"
import { serializeMessage, emptyMessage } from "../../src/coap/serialize"
import { parseMessage, PARSE_OK } from "../../src/coap/parse"
import { codeString, TYPE_ACK, TYPE_CON, TYPE_NON, TYPE_RST } from "../../src/coap/constants"

// Expected bytes are written by hand from RFC 7252 §3 and §3.1.

function message(type: number, code: number, mid: number, token: Buffer, options: CoapOption[], payload: Buffer) {
    const msg: CoapMessage = { type, code, mid, token, options, payload }
    return msg
}

function opt(num: number, value: Buffer): CoapOption {
    return { num, value }
}

function encoded(options: CoapOption[]): string {
    return serializeMessage(message(TYPE_CON, 0x01, 1, hex``, options, hex``), hex``).toString("hex")
}

describe("coap serialize", () => {
    test("CON GET /temperature (RFC 7252 appendix A)", () => {
        const msg = message(TYPE_CON, 0x01, 0x7d34, hex``, [opt(11, Buffer.from("temperature"))], hex``)
        expect(serializeMessage(msg, hex``).toString("hex")).toBe("40017d34bb74656d7065726174757265")
    })
    test("ACK 2.05 with a 1-byte token, empty Content-Format and payload after 0xFF", () => {
        const msg = message(TYPE_ACK, 0x45, 0x7d34, hex`71`, [opt(12, hex``)], Buffer.from("22.3 C"))
        expect(serializeMessage(msg, hex``).toString("hex")).toBe("61457d3471c0ff32322e332043")
    })
    test("NON with an 8-byte token sets TKL 8 and type bits 01", () => {
        const msg = message(TYPE_NON, 0x02, 0xfffe, hex`0102030405060708`, [], hex``)
        expect(serializeMessage(msg, hex``).toString("hex")).toBe("5802fffe0102030405060708")
    })
    test("no payload marker when the payload is empty", () => {
        expect(encoded([opt(11, Buffer.from("a"))])).toBe("40010001b161")
    })
    test("deltas 12, 13, 268, 269 pick nibble 12, ext-13 (0, 255), ext-14 (0)", () => {
        expect(encoded([opt(12, hex``)])).toBe("40010001c0")
        expect(encoded([opt(13, hex``)])).toBe("40010001d000")
        expect(encoded([opt(268, hex``)])).toBe("40010001d0ff")
        expect(encoded([opt(269, hex``)])).toBe("40010001e00000")
    })
    test("value lengths 12, 13 and 269 pick length nibble 12, ext-13, ext-14", () => {
        expect(encoded([opt(1, Buffer.alloc(12))]).slice(8, 10)).toBe("1c")
        expect(encoded([opt(1, Buffer.alloc(13))]).slice(8, 12)).toBe("1d00")
        const long = serializeMessage(message(TYPE_CON, 0x01, 1, hex``, [opt(1, Buffer.alloc(269))], hex``), hex``)
        expect(long.length).toBe(4 + 3 + 269)
        expect(long.slice(4, 7).toString("hex")).toBe("1e0000")
    })
    test("options 1000, 1001, 1014, 2000 encode as e002db 10 d000 e002cd", () => {
        expect(encoded([opt(1000, hex``), opt(1001, hex``), opt(1014, hex``), opt(2000, hex``)])).toBe(
            "40010001e002db10d000e002cd"
        )
    })
    test("option 65001 encodes with an ext-14 delta e0fcdc", () => {
        expect(encoded([opt(65001, hex``)])).toBe("40010001e0fcdc")
    })
    test("repeated options encode with delta 0", () => {
        expect(encoded([opt(11, Buffer.from("a")), opt(11, Buffer.from("b"))])).toBe("40010001b1610162")
    })
    test("unsorted options are refused", () => {
        expect(() => encoded([opt(12, hex``), opt(11, hex``)])).toThrow()
    })
    test("emptyMessage builds the 4-byte ACK and RST", () => {
        expect(emptyMessage(TYPE_ACK, 0x1234, hex``).toString("hex")).toBe("60001234")
        expect(emptyMessage(TYPE_RST, 0xbeef, hex``).toString("hex")).toBe("7000beef")
    })
    test("a frame is the peer header, then the message; the payload may come in pieces", () => {
        // Peer header of the UDP contract (docs/udp-contract.md): length 4, 127.0.0.1, port 5683 big-endian.
        const peer = hex`047f000001 1633`
        expect(emptyMessage(TYPE_RST, 0xbeef, peer).toString("hex")).toBe("047f00000116337000beef")
        const msg = message(TYPE_ACK, 0x45, 0x7d34, hex`71`, [opt(12, hex``)], hex``)
        const frame = serializeMessage(msg, peer, [Buffer.from("22."), hex``, Buffer.from("3 C")])
        expect(frame.toString("hex")).toBe("047f0000011633" + "61457d3471c0ff32322e332043")
        // Pieces that are all empty are no payload: no marker.
        expect(serializeMessage(msg, peer, [hex``]).toString("hex")).toBe("047f0000011633" + "61457d3471c0")
    })
    test("codeString prints class.detail with two detail digits", () => {
        expect(codeString(0x45)).toBe("2.05")
        expect(codeString(0x5f)).toBe("2.31")
        expect(codeString(0x84)).toBe("4.04")
        expect(codeString(0x8d)).toBe("4.13")
        expect(codeString(0xa5)).toBe("5.05")
        expect(codeString(0x00)).toBe("0.00")
    })
})

describe("coap round trip", () => {
    test("parse(serialize(msg)) gives back every field", () => {
        const options = [
            opt(3, Buffer.from("base")),
            opt(11, Buffer.from("v1")),
            opt(11, Buffer.from("sessions")),
            opt(12, hex`32`),
            opt(15, Buffer.from("state=waiting")),
            opt(292, hex`0a0b`),
            opt(65001, hex`ff`),
        ]
        const msg = message(TYPE_CON, 0x02, 0xa1b2, hex`c0ffee`, options, Buffer.from('{"number":7}'))
        const back = parseMessage(serializeMessage(msg, hex``), 0)
        expect(back.status).toBe(PARSE_OK)
        const m = back.msg
        expect(`${m.type} ${m.code} ${m.mid} ${m.token.toString("hex")} ${m.payload.toString("utf-8")}`).toBe(
            '0 2 41394 c0ffee {"number":7}'
        )
        expect(m.options.map(o => o.num + ":" + o.value.toString("hex")).join(",")).toBe(
            options.map(o => o.num + ":" + o.value.toString("hex")).join(",")
        )
    })
    test("serialize(parse(bytes)) gives back the same bytes (the encoding is canonical)", () => {
        // Observe 6, Content-Format 12, Block2 23, Size2 28, then 65001 (delta 64973 = 269 + 0xfcc0), payload
        const wire = hex`62 45 30 39 abcd 61 06 61 32 b1 1e 52 0100 e0 fc c0 ff 7b7d`
        expect(parseMessage(wire, 0).status).toBe(PARSE_OK)
        expect(serializeMessage(parseMessage(wire, 0).msg, hex``).toString("hex")).toBe(wire.toString("hex"))
    })
})
