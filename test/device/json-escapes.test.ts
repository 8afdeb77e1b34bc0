import { describe, test, expect } from "@devicescript/test"
import { hasNoncharacterEscape } from "../../src/json/escapes"

// The VM's JSON.parse panics (60129) on the escapes \uFFFE and \uFFFF; these must be found in any letter case,
// and only where a backslash really starts an escape.

describe("json escapes", () => {
    test("\\uFFFE and \\uFFFF are found in any letter case", () => {
        expect(hasNoncharacterEscape('{"label":"\\uffff"}')).toBe(true)
        expect(hasNoncharacterEscape('{"label":"\\uFFFE"}')).toBe(true)
        expect(hasNoncharacterEscape('{"label":"é\\uFfFf"}')).toBe(true)
        expect(hasNoncharacterEscape('{"\\ufffe":1}')).toBe(true)
        expect(hasNoncharacterEscape('{"label":"\\\\\\uffff"}')).toBe(true) // an escaped backslash, then the escape
    })
    test("other escapes, and the same letters after an escaped backslash, are not", () => {
        for (const text of [
            '{"label":"\\ufffd"}',
            '{"label":"\\u00e9\\ud83d\\ude42"}',
            '{"label":"\\\\uffff"}',
            '{"label":"uffff"}',
        ]) {
            expect(hasNoncharacterEscape(text)).toBe(false)
            expect(typeof JSON.parse(text)).toBe("object")
        }
        expect(hasNoncharacterEscape('{"label":"\\uff')).toBe(false)
        expect(hasNoncharacterEscape("")).toBe(false)
    })
})
