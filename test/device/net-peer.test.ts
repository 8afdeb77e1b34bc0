import { describe, test, expect } from "@devicescript/test"
import { addressKeyOf, ipv4Peer, peerKeyOf } from "../../src/net/peer"

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

describe("peer keys", () => {
    test("an IPv4 peer's key is a number, one per address and port; its address key one per address", () => {
        const a = peerKeyOf(ipv4Peer("192.168.1.20", 40000))
        const b = peerKeyOf(ipv4Peer("192.168.1.20", 40001))
        const c = peerKeyOf(ipv4Peer("192.168.1.21", 40000))
        const d = peerKeyOf(ipv4Peer("255.255.255.255", 65535))
        expect(typeof a).toBe("number")
        expect(a === b || a === c || b === c).toBe(false)
        expect(peerKeyOf(ipv4Peer("192.168.1.20", 40000)) === a).toBe(true)
        expect(addressKeyOf(a) === addressKeyOf(b)).toBe(true)
        expect(addressKeyOf(a) === addressKeyOf(c)).toBe(false)
        // 48 bits, exact: the highest address and port keep their own key and address key.
        expect(d === peerKeyOf(ipv4Peer("255.255.255.255", 65534))).toBe(false)
        expect(addressKeyOf(d) === addressKeyOf(peerKeyOf(ipv4Peer("255.255.255.254", 65535)))).toBe(false)
        expect(addressKeyOf(d) === addressKeyOf(peerKeyOf(ipv4Peer("255.255.255.255", 0)))).toBe(true)
    })
    test("an IPv6 peer's key is its header in hex; its address key the 16 address bytes", () => {
        const header = Buffer.alloc(19)
        header[0] = 16
        header[1] = 0xfe
        header[2] = 0x80
        header[16] = 1
        header[17] = 0x16
        header[18] = 0x33
        expect(peerKeyOf(header)).toBe("10" + "fe800000000000000000000000000001" + "1633")
        expect(addressKeyOf(peerKeyOf(header))).toBe("fe800000000000000000000000000001")
    })
})
