import { describe, test, expect } from "@devicescript/test"
import { ipv4Peer } from "../../src/net/peer"

// The peer header of docs/udp-contract.md: [4][a b c d][port, big-endian].
describe("ipv4Peer", () => {
    test("a dotted quad and a port give the 7-byte peer header", () => {
        expect(ipv4Peer("192.168.1.20", 40000).toString("hex")).toBe("04c0a801149c40")
        expect(ipv4Peer("0.0.0.0", 123).toString("hex")).toBe("0400000000007b")
        expect(ipv4Peer("255.255.255.255", 65535).toString("hex")).toBe("04ffffffffffff")
    })
    test("anything but four plain decimals 0..255 is undefined", () => {
        for (const bad of [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "1..3.4",
            "1.2.3.",
            ".1.2.3",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.-4",
            "a.b.c.d",
            "1.2.3.4 ",
        ])
            expect(ipv4Peer(bad, 1)).toBe(undefined)
    })
})
