import { describe, test, expect } from "@devicescript/test"

describe("smoke", () => {
    test("buffer u16", () => {
        const b = Buffer.alloc(2)
        b.setAt(0, "u16", 0x1234)
        expect(b[0]).toBe(0x34)
    })
})
