import { describe, test, expect } from "@devicescript/test"
import { CoapMessage, CoapOption } from "../../src/coap/message"
import {
    addOption,
    decodeUint,
    encodeUint,
    findOption,
    isCritical,
    optionCount,
    optionStrings,
    queryValue,
} from "../../src/coap/options"
import { blockSize, decodeBlock, encodeBlock } from "../../src/coap/block"
import { OPT_URI_PATH, OPT_URI_QUERY } from "../../src/coap/constants"
import { checkOptions } from "../../src/coap/option-check"

function request(options: CoapOption[]): CoapMessage {
    return { type: 0, code: 1, mid: 1, token: hex``, options, payload: hex`` }
}

function text(num: number, s: string): CoapOption {
    return { num, value: Buffer.from(s) }
}

describe("coap uint option values (RFC 7252 §3.2)", () => {
    test("encodeUint uses the fewest bytes, big-endian, and 0 as the empty value", () => {
        expect(encodeUint(0).toString("hex")).toBe("")
        expect(encodeUint(1).toString("hex")).toBe("01")
        expect(encodeUint(255).toString("hex")).toBe("ff")
        expect(encodeUint(256).toString("hex")).toBe("0100")
        expect(encodeUint(65535).toString("hex")).toBe("ffff")
        expect(encodeUint(65536).toString("hex")).toBe("010000")
        expect(encodeUint(2147483649).toString("hex")).toBe("80000001")
        expect(encodeUint(4294967295).toString("hex")).toBe("ffffffff")
    })
    test("decodeUint reads 0-4 bytes big-endian, accepts leading zeros, -1 beyond 4 bytes", () => {
        expect(decodeUint(hex``)).toBe(0)
        expect(decodeUint(hex`00`)).toBe(0)
        expect(decodeUint(hex`3c`)).toBe(60)
        expect(decodeUint(hex`0100`)).toBe(256)
        expect(decodeUint(hex`0000f0`)).toBe(240)
        expect(decodeUint(hex`ffffffff`)).toBe(4294967295)
        expect(decodeUint(hex`0100000000`)).toBe(-1)
    })
    test("odd option numbers are critical, even ones elective", () => {
        expect([1, 3, 7, 11, 15, 17, 27, 35, 65001].every(isCritical)).toBe(true)
        expect([4, 6, 12, 14, 22, 28, 60, 258, 292, 65000].some(isCritical)).toBe(false)
    })
})

describe("coap option lookup", () => {
    const msg = request([
        text(3, "base"),
        text(11, "v1"),
        text(11, "sessions"),
        text(11, "Jos\u00e9"),
        text(15, "rt=pager"),
        text(15, "k=v=w"),
        text(15, "flag"),
        text(15, "rtx=1"),
        text(15, "rt=second"),
    ])
    test("findOption returns the first occurrence, undefined when absent", () => {
        expect(findOption(msg, 11).value.toString("utf-8")).toBe("v1")
        expect(findOption(msg, 12)).toBe(undefined)
    })
    test("optionCount counts repeats", () => {
        expect(optionCount(msg, 11)).toBe(3)
        expect(optionCount(msg, 3)).toBe(1)
        expect(optionCount(msg, 60)).toBe(0)
    })
    test("optionStrings gives every Uri-Path segment in order, decoded as UTF-8", () => {
        const path = optionStrings(msg, OPT_URI_PATH)
        expect(path.join("/")).toBe("v1/sessions/Jos\u00e9")
        expect(path[2].length).toBe(4)
        expect(optionStrings(msg, 8).length).toBe(0)
    })
    test("queryValue finds the first key=value item and splits at the first '='", () => {
        expect(queryValue(msg, "rt")).toBe("pager")
        expect(queryValue(msg, "k")).toBe("v=w")
        expect(queryValue(msg, "rtx")).toBe("1")
    })
    test("queryValue gives '' for a bare key and null for a missing or partial key", () => {
        expect(queryValue(msg, "flag")).toBe("")
        expect(queryValue(msg, "r")).toBe(null)
        expect(queryValue(msg, "fla")).toBe(null)
        expect(queryValue(request([text(OPT_URI_PATH, "rt=x")]), "rt")).toBe(null)
    })
})

describe("coap option check", () => {
    // README "Requests": Uri-Path and Uri-Query items together at most 255 bytes, else 4.02 (0x82).
    const bytes = (n: number) => {
        const buf = Buffer.alloc(n)
        for (let i = 0; i < n; ++i) buf[i] = 0x78
        return buf
    }
    const items = (pathBytes: number, queryBytes: number) =>
        request([
            text(OPT_URI_PATH, "v1"),
            { num: OPT_URI_PATH, value: bytes(pathBytes - 2) },
            { num: OPT_URI_QUERY, value: bytes(queryBytes) },
        ])
    test("Uri-Path and Uri-Query of 255 bytes together pass", () => {
        expect(checkOptions(items(200, 55))).toBe(null)
        expect(checkOptions(items(3, 252))).toBe(null)
    })
    test("one byte more is 4.02 Bad Option, whichever of them is long", () => {
        expect(checkOptions(items(200, 56)).code).toBe(0x82)
        expect(checkOptions(items(4, 252)).code).toBe(0x82)
        expect(checkOptions(items(255, 1)).code).toBe(0x82)
    })
    // The critical options of RFC 7252 §5.10 (table 4), RFC 7959 §2.1 (Block1/Block2) and the base's Access-Token
    // (docs/api.md): [number, least and most value bytes, 1 when repeatable].
    const critical = [
        [1, 0, 8, 1], // If-Match
        [3, 1, 255, 0], // Uri-Host
        [5, 0, 0, 0], // If-None-Match
        [7, 0, 2, 0], // Uri-Port
        [11, 0, 255, 1], // Uri-Path
        [15, 0, 255, 1], // Uri-Query
        [17, 0, 2, 0], // Accept
        [23, 0, 3, 0], // Block2
        [27, 0, 3, 0], // Block1
        [65003, 0, 16, 0], // Access-Token
    ]
    test("each critical option is recognised with value lengths in its range, and a repeat only where allowed", () => {
        for (const c of critical) {
            const shortest = request([{ num: c[0], value: bytes(c[1]) }])
            const longest = request([{ num: c[0], value: bytes(c[2]) }])
            const over = request([{ num: c[0], value: bytes(c[2] + 1) }])
            const twice = request([
                { num: c[0], value: bytes(c[1]) },
                { num: c[0], value: bytes(c[1]) },
            ])
            expect(checkOptions(shortest)).toBe(null)
            expect(checkOptions(longest)).toBe(null)
            expect(checkOptions(over).code).toBe(0x82)
            if (c[3]) expect(checkOptions(twice)).toBe(null)
            else expect(checkOptions(twice).code).toBe(0x82)
            if (c[1] > 0) expect(checkOptions(request([{ num: c[0], value: bytes(c[1] - 1) }])).code).toBe(0x82)
        }
    })
    test("an unknown critical option is 4.02; an unknown elective one, or a known one of any length, passes", () => {
        expect(checkOptions(request([{ num: 9, value: bytes(1) }])).code).toBe(0x82)
        expect(checkOptions(request([{ num: 65001, value: bytes(1) }])).code).toBe(0x82)
        expect(checkOptions(request([{ num: 65002, value: bytes(1) }]))).toBe(null)
        // Observe (6) is elective: a value longer than its 3 bytes is not refused here.
        expect(checkOptions(request([{ num: 6, value: bytes(9) }]))).toBe(null)
    })
})

describe("coap addOption", () => {
    test("inserts by number, after equal numbers, at the front and at the end", () => {
        const options = [text(11, "a"), text(11, "b"), text(15, "q")]
        addOption(options, 12, hex`32`)
        addOption(options, 11, Buffer.from("c"))
        addOption(options, 1, hex``)
        addOption(options, 60, hex`0400`)
        expect(options.map(o => o.num + ":" + o.value.toString("hex")).join(",")).toBe(
            "1:,11:61,11:62,11:63,12:32,15:71,60:0400"
        )
    })
    test("builds a sorted list from an empty one", () => {
        const options: CoapOption[] = []
        addOption(options, OPT_URI_QUERY, hex`01`)
        addOption(options, 4, hex`02`)
        addOption(options, OPT_URI_QUERY, hex`03`)
        expect(options.map(o => o.num + ":" + o.value.toString("hex")).join(",")).toBe("4:02,15:01,15:03")
    })
})

describe("coap block option values (RFC 7959 §2.2)", () => {
    test("encodeBlock packs NUM<<4 | M<<3 | SZX into 0-3 bytes", () => {
        expect(encodeBlock(0, false, 0).toString("hex")).toBe("")
        expect(encodeBlock(0, true, 6).toString("hex")).toBe("0e")
        expect(encodeBlock(15, false, 2).toString("hex")).toBe("f2")
        expect(encodeBlock(16, false, 6).toString("hex")).toBe("0106")
        expect(encodeBlock(4095, true, 6).toString("hex")).toBe("fffe")
        expect(encodeBlock(4096, true, 6).toString("hex")).toBe("01000e")
        expect(encodeBlock(1048575, false, 0).toString("hex")).toBe("fffff0")
    })
    test("decodeBlock reads 4-, 12- and 20-bit NUMs", () => {
        expect(JSON.stringify(decodeBlock(hex``))).toBe('{"num":0,"more":false,"szx":0}')
        expect(JSON.stringify(decodeBlock(hex`2a`))).toBe('{"num":2,"more":true,"szx":2}')
        expect(JSON.stringify(decodeBlock(hex`fffe`))).toBe('{"num":4095,"more":true,"szx":6}')
        expect(JSON.stringify(decodeBlock(hex`fffff6`))).toBe('{"num":1048575,"more":false,"szx":6}')
    })
    test("decodeBlock refuses SZX 7 and values longer than 3 bytes", () => {
        expect(decodeBlock(hex`07`)).toBe(undefined)
        expect(decodeBlock(hex`0f`)).toBe(undefined)
        expect(decodeBlock(hex`00000016`)).toBe(undefined)
    })
    test("blockSize is 16 << SZX: 16 to 1024 bytes", () => {
        expect([0, 1, 2, 3, 4, 5, 6].map(blockSize).join(",")).toBe("16,32,64,128,256,512,1024")
    })
})
