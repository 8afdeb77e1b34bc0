import { describe, test, expect } from "@devicescript/test"
import { jsonQuote } from "../../src/json/quote"

// A quoted string must read back as itself with the VM's own JSON.parse, whatever characters it holds, and carry
// non-ASCII characters as they are (the simulator's JSON.stringify escapes each of their bytes on its own).

/** Every ASCII character, 0 to 127, in order. */
function allAscii(): string {
    let s = ""
    for (let c = 0; c < 128; ++c) s += String.fromCharCode(c)
    return s
}

describe("json quote", () => {
    test("every ASCII character, one by one and together, reads back as itself", () => {
        const all = allAscii()
        expect(JSON.parse(jsonQuote(all))).toBe(all)
        for (let c = 0; c < 128; ++c) {
            const one = String.fromCharCode(c)
            expect(JSON.parse(jsonQuote(one))).toBe(one)
        }
    })
    test("non-ASCII text with quotes, backslashes and control characters reads back as itself, unescaped", () => {
        const label = 'Tisch "4" für Müller\\Söhne\t– 5 €\n'
        const quoted = jsonQuote(label)
        expect(JSON.parse(quoted)).toBe(label)
        expect(quoted.indexOf("ü") > 0 && quoted.indexOf("€") > 0 && quoted.indexOf("–") > 0).toBe(true)
    })
})
