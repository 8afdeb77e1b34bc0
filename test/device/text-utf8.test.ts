import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { isUtf8, utf8Text } from "../../src/text/utf8"

// UTF-8 from the network: a last character cut short stands as one U+FFFD (the WHATWG decoder's reading of a
// truncated sequence, as Node's Buffer.toString gives it), complete text is left as it is, and no string made from
// the result can panic the VM.

function bytes(...parts: (string | number[])[]): Buffer {
    const out: Buffer[] = []
    for (const p of parts) out.push(typeof p === "string" ? Buffer.from(p) : Buffer.from(p))
    return Buffer.concat(...out)
}

describe("utf8 text", () => {
    test("a character cut after its first, second or third byte becomes one U+FFFD", () => {
        expect(utf8Text(bytes("ab", [0xc3]))).toBe("ab\uFFFD") // é is C3 A9
        expect(utf8Text(bytes("ab", [0xe6, 0x97]))).toBe("ab\uFFFD") // 日 is E6 97 A5
        expect(utf8Text(bytes("ab", [0xf0, 0x9f, 0x99]))).toBe("ab\uFFFD") // 🙂 is F0 9F 99 82
        expect(utf8Text(bytes([0xc5]))).toBe("\uFFFD")
    })
    test("a lead byte before a cut character is a U+FFFD of its own", () => {
        expect(utf8Text(bytes("ab", [0xc9, 0xde]))).toBe("ab\uFFFD\uFFFD")
        expect(utf8Text(bytes("ab", [0xc9, 0xde, 0xc9, 0xde]))).toBe("ab\uFFFD\uFFFD\uFFFD\uFFFD")
        expect(utf8Text(bytes("é", [0xe6, 0xc3]))).toBe("é\uFFFD\uFFFD")
    })
    test("complete text is unchanged, at whatever length", () => {
        for (const text of ["", "a", "Müller", "日本語", "🙂", "a🙂b", "é"])
            expect(utf8Text(Buffer.from(text))).toBe(text)
    })
    test("a lone continuation byte at the end is one U+FFFD, not a cut character", () => {
        expect(utf8Text(bytes("a", [0x80]))).toBe("a\uFFFD")
        expect(utf8Text(bytes("é", [0xa9]))).toBe("é\uFFFD")
    })
    test("cut characters at the end of buffers of 4 to 1000 bytes can be joined (the VM panicked, 60129)", async () => {
        let total = 0
        for (let size = 4; size <= 1000; ++size) {
            const buf = Buffer.alloc(size)
            for (let i = 0; i < size; ++i) buf[i] = 0x61 + (i % 26)
            // one cut lead byte, or two lead bytes in a row (the first is invalid, the second cut)
            const leads = size % 2 === 0 ? 1 : 2
            buf[size - 1] = 0xc5
            if (leads === 2) buf[size - 2] = 0xc9
            const joined = ["v1", "sessions", utf8Text(buf)].join("/")
            total += joined.length
            await ds.sleep(0)
        }
        // each joined text: 12 characters of "v1/sessions/", the letters and one U+FFFD per lead byte
        let expected = 0
        for (let size = 4; size <= 1000; ++size) expected += 12 + size
        expect(total).toBe(expected)
    })
    // Well-formed byte sequences: the Unicode Standard's Table 3-7 (chapter 3.9), whose ranges RFC 3629 section 4
    // also gives; the ill-formed ones sit just outside a range.
    test("isUtf8 accepts the first and last sequence of every row of Unicode's table of well-formed UTF-8", () => {
        const rows = [
            [[0x00], [0x7f]],
            [
                [0xc2, 0x80],
                [0xdf, 0xbf],
            ],
            [
                [0xe0, 0xa0, 0x80],
                [0xe0, 0xbf, 0xbf],
            ],
            [
                [0xe1, 0x80, 0x80],
                [0xec, 0xbf, 0xbf],
            ],
            [
                [0xed, 0x80, 0x80],
                [0xed, 0x9f, 0xbf],
            ],
            [
                [0xee, 0x80, 0x80],
                [0xef, 0xbf, 0xbf],
            ],
            [
                [0xf0, 0x90, 0x80, 0x80],
                [0xf0, 0xbf, 0xbf, 0xbf],
            ],
            [
                [0xf1, 0x80, 0x80, 0x80],
                [0xf3, 0xbf, 0xbf, 0xbf],
            ],
            [
                [0xf4, 0x80, 0x80, 0x80],
                [0xf4, 0x8f, 0xbf, 0xbf],
            ],
        ]
        for (const row of rows) {
            expect(isUtf8(bytes("a", row[0], "b"))).toBe(true)
            expect(isUtf8(bytes(row[1]))).toBe(true)
        }
        expect(isUtf8(Buffer.from("Müller 日本語 🙂"))).toBe(true)
        expect(isUtf8(bytes(""))).toBe(true)
    })
    test("isUtf8 refuses overlong forms, surrogates, code points past U+10FFFF, stray and missing bytes", () => {
        const bad = [
            [0x80], // a continuation byte alone
            [0xc0, 0xaf], // overlong "/"
            [0xc1, 0xbf], // overlong U+007F
            [0xe0, 0x9f, 0xbf], // overlong U+07FF
            [0xed, 0xa0, 0x80], // surrogate U+D800
            [0xed, 0xbf, 0xbf], // surrogate U+DFFF
            [0xf0, 0x8f, 0xbf, 0xbf], // overlong U+FFFF
            [0xf4, 0x90, 0x80, 0x80], // U+110000
            [0xf5, 0x80, 0x80, 0x80], // past the last lead byte
            [0xff],
            [0xc3], // é cut after its first byte
            [0xe6, 0x97], // 日 cut after two
            [0xc3, 0x41], // a lead byte followed by ASCII
        ]
        for (const b of bad) {
            expect(isUtf8(bytes(b))).toBe(false)
            expect(isUtf8(bytes("ok", b, "ok"))).toBe(false)
        }
    })
})
