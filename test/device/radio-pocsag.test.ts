import { describe, test, expect } from "@devicescript/test"
import {
    BCH_BYTE_REMAINDERS,
    POCSAG_IDLE,
    POCSAG_SYNC,
    addressCodeword,
    pocsagCodeword,
} from "../../src/radio/pocsag/codeword"
import { t7470Capcode } from "../../src/radio/pocsag/capcode"
import { POCSAG_ALPHA, POCSAG_NUMERIC, REVERSED_7_BITS, forEachMessageWord } from "../../src/radio/pocsag/message"

// Known codewords and capcodes from docs/radio-protocols.md 3 and docs/api.md 7.2.

function words(kind: number, text: string) {
    const out: number[] = []
    forEachMessageWord(kind, text, w => {
        out.push(w)
    })
    return JSON.stringify(out)
}

describe("pocsag codewords", () => {
    test("BCH and parity rebuild the sync and idle codewords from their 21 information bits", () => {
        expect(pocsagCodeword(POCSAG_SYNC >>> 11)).toBe(POCSAG_SYNC)
        expect(pocsagCodeword(POCSAG_IDLE >>> 11)).toBe(POCSAG_IDLE)
        expect(POCSAG_SYNC).toBe(0x7cd215d8)
        expect(POCSAG_IDLE).toBe(0x7a89c197)
    })
    test("address codewords match the on-air captures (windytan 0x2ABAB248, 1234567 -> 0x4B5A0780)", () => {
        const windytan = 0x2abab248
        expect(pocsagCodeword(windytan >>> 11)).toBe(windytan)
        expect(addressCodeword(1234567, 0)).toBe(0x4b5a0780)
    })
    test("the byte remainder table is (i * x^10) mod x^10+x^9+x^8+x^6+x^5+x^3+1, long division bit by bit", () => {
        for (let i = 0; i < 256; i++) {
            let r = i << 10
            for (let bit = 17; bit >= 10; bit--) if (r & (1 << bit)) r ^= 0x769 << (bit - 10)
            expect(BCH_BYTE_REMAINDERS.getAt(i * 2, "u16")).toBe(r)
        }
    })
    test("every codeword has even parity", () => {
        const samples = [0, 1, 0x155555, 0x1fffff, 0x100000, 0x0abcde]
        samples.forEach(info => {
            let ones = 0
            for (let v = pocsagCodeword(info); v; v = v >>> 1) ones += v & 1
            expect(ones % 2).toBe(0)
        })
    })
})

describe("pocsag capcodes (T7470 system id + pager)", () => {
    test("documented examples: Ps 3 Pn 23, Ps 4 Pn 105, Ps 25 Pn 15, Ps 1 Pn 10", () => {
        expect(t7470Capcode(3, 23)).toBe(1000184)
        expect(t7470Capcode(4, 105)).toBe(1100840)
        expect(t7470Capcode(25, 15)).toBe(130120)
        expect(t7470Capcode(1, 10)).toBe(800080)
    })
    test("all-page and system capcodes of system 1 (CCPROG 0807288 / 0800000)", () => {
        expect(t7470Capcode(1, 911)).toBe(807288)
        expect(t7470Capcode(1, 0)).toBe(800000)
    })
    test("both ranges end at the highest valid capcode 2 079 992", () => {
        expect(t7470Capcode(13, 9999)).toBe(2079992)
        expect(t7470Capcode(200, 1249)).toBe(2079992)
        expect(t7470Capcode(14, 0)).toBe(10000)
        expect(t7470Capcode(0, 0)).toBe(700000)
    })
})

describe("pocsag message words", () => {
    test("the reversed-7-bit table mirrors every value", () => {
        for (let c = 0; c < 128; c++) {
            let r = 0
            for (let b = 0; b < 7; b++) if (c & (1 << b)) r |= 1 << (6 - b)
            expect(REVERSED_7_BITS[c]).toBe(r)
        }
    })
    test("numeric 911 is 9,1,1 then space padding, each digit LSB-first: 1001 1000 1000 0011 0011", () => {
        expect(words(POCSAG_NUMERIC, "911")).toBe(JSON.stringify([0x98833]))
    })
    test("alpha 'A' (1000001 LSB-first) is zero-padded to 20 bits", () => {
        expect(words(POCSAG_ALPHA, "A")).toBe(JSON.stringify([0x82000]))
    })
    test("alpha spills across codewords: three 7-bit characters take two codewords", () => {
        // "abc" = 1100001 1100010 1100011 -> LSB-first 1000011 0100011 1100011:
        // 1000 0110 1000 1111 0001 | 1 + 19 zero bits
        expect(words(POCSAG_ALPHA, "abc")).toBe(JSON.stringify([0x868f1, 0x80000]))
    })
})
