import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { utf8Text } from "../../src/text/utf8"

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
        for (const text of ["", "a", "Müller", "日本語", "🙂", "a🙂b", "é"]) expect(utf8Text(Buffer.from(text))).toBe(text)
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
})
