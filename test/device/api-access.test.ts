import { describe, test, expect } from "@devicescript/test"
import * as ds from "@devicescript/core"
import { Access, parseClients } from "../../src/api/access"
import { CODE_TOO_MANY_REQUESTS, CODE_UNAUTHORIZED, OPT_ACCESS_TOKEN } from "../../src/coap/constants"

// Access control's pure parts (README "Security", docs/api.md section 10): CIDR matching as RFC 4632 defines
// prefixes, token expiry and revocation, the login throttle's growing waits.

const peer = (a: number, b: number, c: number, d: number) => Buffer.from([4, a, b, c, d, 0x16, 0x33])
const carrying = (token: string): any => ({ options: [{ num: OPT_ACCESS_TOKEN, value: Buffer.from(token, "hex") }] })

describe("access", () => {
    test("trustedClients match by prefix bits; 127.0.0.1 and IPv6 never", () => {
        const a = new Access()
        a.change(null, parseClients(["192.168.1.20/32", "10.0.0.0/9", "172.16.0.0/12", "127.0.0.0/8"]), false)
        expect(a.trusted(peer(192, 168, 1, 20))).toBe(true)
        expect(a.trusted(peer(192, 168, 1, 21))).toBe(false)
        expect(a.trusted(peer(10, 127, 255, 255))).toBe(true)
        expect(a.trusted(peer(10, 128, 0, 0))).toBe(false)
        expect(a.trusted(peer(172, 31, 255, 1))).toBe(true)
        expect(a.trusted(peer(172, 32, 0, 1))).toBe(false)
        expect(a.trusted(peer(127, 0, 0, 2))).toBe(true)
        expect(a.trusted(peer(127, 0, 0, 1))).toBe(false)
        a.change(null, parseClients(["0.0.0.0/0"]), false)
        expect(a.trusted(peer(8, 8, 8, 8))).toBe(true)
        expect(a.trusted(Buffer.concat(Buffer.from([16]), Buffer.alloc(18)))).toBe(false)
        a.change(null, Buffer.alloc(0), false)
    })
    test("parseClients refuses what is not a.b.c.d/n", () => {
        expect(parseClients(["1.2.3.4/33"])).toBe(null)
        expect(parseClients(["1.2.3.4"])).toBe(null)
        expect(parseClients(["1.2.3.4/08"])).toBe(null)
        expect(parseClients(["1.2.3/8"])).toBe(null)
        expect(parseClients(["1.2.3.4/8/8"])).toBe(null)
        expect(parseClients("1.2.3.4/8")).toBe(null)
        expect(parseClients([]).length).toBe(0)
        expect(parseClients(["1.2.3.4/24"]).toString("hex")).toBe("0102030418")
    })
    test("a token past its expiry, or after a new secret, is no token", () => {
        const a = new Access()
        a.tokens = [
            "00112233445566778899aabbccddeeff",
            ds.millis() + 60000,
            "ffeeddccbbaa99887766554433221100",
            ds.millis() - 1,
        ]
        expect(a.hasToken(carrying("00112233445566778899aabbccddeeff"))).toBe(true)
        expect(a.hasToken(carrying("ffeeddccbbaa99887766554433221100"))).toBe(false)
        a.change("secret", Buffer.alloc(0), false)
        expect(a.hasToken(carrying("00112233445566778899aabbccddeeff"))).toBe(false)
        a.change("", Buffer.alloc(0), false)
    })
    test("failed logins: three free per address group, then waits that double", () => {
        const a = new Access()
        a.change("right one", Buffer.alloc(0), false)
        const guesser = peer(192, 168, 1, 9)
        for (let i = 0; i < 3; ++i) expect(a.check(guesser, "wrong").code).toBe(CODE_UNAUTHORIZED)
        expect(a.check(guesser, "wrong").code).toBe(CODE_UNAUTHORIZED) // the fourth: 1 s to wait from now
        const held = a.check(guesser, "right one")
        expect(held.code).toBe(CODE_TOO_MANY_REQUESTS)
        expect(held.maxAge).toBe(1)
        // Another group is not held up; the right secret passes there.
        expect(a.check(peer(192, 168, 1, 10), "right one")).toBe(null)
        a.change("", Buffer.alloc(0), false)
    })
})
