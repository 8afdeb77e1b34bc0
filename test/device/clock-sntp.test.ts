import { describe, test, expect } from "@devicescript/test"
import { checkSntpReply, ntpToUnixSeconds, sntpRequest } from "../../src/clock/ntp-packet"
import { sntpServerPeer } from "../../src/clock/sntp-settings"
import { SETTING_PACKET_MAX, settingBytes } from "../../src/settings/small-setting"

// NTP timestamps computed with node, outside the firmware: seconds = Date.UTC(...) / 1000 + 2208988800, modulo
// 2^32, then the 32-bit fraction, both written with Buffer.writeUInt32BE:
//   2031-05-06T07:08:09.5Z  Unix 1935817689  NTP f70cba59 80000000 (0x80000000 / 2^32 = half a second)
//   2039-06-01T12:00:00Z    Unix 2190542400  NTP 063b84c0 00000000 (4399531200 - 2^32: era 1, Unix beyond 2^31)
//   2036-02-07T06:28:15Z    Unix 2085978495  NTP ffffffff          (the last second of era 0)
//   2036-02-07T06:28:17Z    Unix 2085978497  NTP 00000001          (era 1)
//   2000-01-01T00:00:00Z    Unix  946684800  NTP bc17c200
// First byte: LI (2 bits) VN (3) mode (3): 0x24 = 0/4/4, 0x1c = 0/3/4, 0x23 = 0/4/3, 0x25 = 0/4/5, 0x14 = 0/2/4,
// 0xe4 = 3/4/4.

const NONCE = "0123456789abcdef"
/** The peer header of 127.0.0.1:123: length 4, address, port 0x007b. */
const PEER = "047f000001007b"
const T2031 = "f70cba5980000000"
const T2039 = "063b84c000000000"
const ZERO8 = "0000000000000000"
const RATE = "52415445"

/**
 * A reply behind PEER: first byte, stratum, poll 6, precision -20, zero root delay and dispersion, reference ID,
 * zero reference timestamp, originate, zero receive timestamp, transmit.
 */
function reply(first: string, stratum: string, refid: string, originate: string, transmit: string): Buffer {
    const fixed = PEER + first + stratum + "06ec" + "00000000" + "00000000"
    return Buffer.from(fixed + refid + ZERO8 + originate + ZERO8 + transmit, "hex")
}

function sent(): Buffer {
    return sntpRequest(Buffer.from(NONCE, "hex"))
}

function check(packet: Buffer) {
    return checkSntpReply(packet, 7, sent())
}

describe("clock sntp", () => {
    test("the request is 48 bytes: LI 0, VN 4, mode 3, zeros, the nonce as transmit timestamp", () => {
        let zeros39 = ""
        for (let i = 0; i < 39; ++i) zeros39 += "00"
        expect(sent().toString("hex")).toBe("23" + zeros39 + NONCE)
    })
    test("a good version 4 reply gives the transmit time in Unix milliseconds", () => {
        const r = check(reply("24", "02", "47505300", NONCE, T2031))
        expect(r.problem).toBe(null)
        expect(r.kiss).toBe(null)
        expect(r.unixMs).toBe(1935817689500)
    })
    test("version 3 servers are accepted", () => {
        expect(check(reply("1c", "01", "47505300", NONCE, T2031)).unixMs).toBe(1935817689500)
    })
    test("a time after 2038-01-19 (era 1, Unix seconds beyond 2^31)", () => {
        const r = check(reply("24", "02", "47505300", NONCE, T2039))
        expect(r.problem).toBe(null)
        expect(r.unixMs).toBe(2190542400000)
    })
    test("era conversion around 2036-02-07 and at 2000", () => {
        expect(ntpToUnixSeconds(4294967295)).toBe(2085978495)
        expect(ntpToUnixSeconds(1)).toBe(2085978497)
        expect(ntpToUnixSeconds(3155673600)).toBe(946684800)
        expect(ntpToUnixSeconds(104563904)).toBe(2190542400)
    })
    test("wrong modes are refused", () => {
        expect(check(reply("23", "02", "47505300", NONCE, T2031)).problem).toBe("mode 3, not 4 (server)")
        expect(check(reply("25", "02", "47505300", NONCE, T2031)).problem).toBe("mode 5, not 4 (server)")
    })
    test("version 2 is refused", () => {
        expect(check(reply("14", "02", "47505300", NONCE, T2031)).problem).toBe("version 2")
    })
    test("stratum 0 is a kiss-of-death with its code", () => {
        const r = check(reply("24", "00", RATE, NONCE, ZERO8))
        expect(r.kiss).toBe("RATE")
        expect(r.problem).toBe("kiss-of-death")
        expect(check(reply("24", "00", "00ff4142", NONCE, ZERO8)).kiss).toBe("0x00ff4142")
    })
    test("a mismatched originate is refused, even as a kiss-of-death", () => {
        const wrong = "0123456789abcdee"
        const refused = check(reply("24", "02", "47505300", wrong, T2031))
        expect(refused.problem).toBe("originate timestamp is not our request's")
        const kiss = check(reply("24", "00", RATE, wrong, ZERO8))
        expect(kiss.kiss).toBe(null)
        expect(kiss.problem).toBe("originate timestamp is not our request's")
    })
    test("stratum 16, leap indicator 3 and a zero transmit timestamp are refused", () => {
        expect(check(reply("24", "10", "47505300", NONCE, T2031)).problem).toBe("stratum 16")
        const leap3 = check(reply("e4", "02", "47505300", NONCE, T2031))
        expect(leap3.problem).toBe("server not synchronized (leap indicator 3)")
        expect(check(reply("24", "02", "47505300", NONCE, ZERO8)).problem).toBe("transmit timestamp is zero")
    })
    test("a short packet is refused", () => {
        const full = reply("24", "02", "47505300", NONCE, T2031)
        expect(check(full.slice(0, full.length - 1)).problem).toBe("short reply: 47 bytes")
        expect(check(full.slice(0, 7)).problem).toBe("short reply: 0 bytes")
    })
    test("server text: IPv4 literals with an optional port, nothing else", () => {
        expect(sntpServerPeer("127.0.0.1").toString("hex")).toBe(PEER)
        expect(sntpServerPeer("10.0.0.2:1234").toString("hex")).toBe("040a00000204d2")
        expect(sntpServerPeer("pool.ntp.org") === undefined).toBe(true)
        expect(sntpServerPeer("1.2.3.4:99999") === undefined).toBe(true)
        expect(sntpServerPeer("1.2.3.4:0") === undefined).toBe(true)
        expect(sntpServerPeer("1.2.3.4:") === undefined).toBe(true)
        expect(sntpServerPeer("1.2.3.4:0123") === undefined).toBe(true)
        expect(sntpServerPeer("1.2.3:123") === undefined).toBe(true)
    })
    test("the largest SNTP settings value fits a settings packet", () => {
        const largest = { server: "255.255.255.255:65535", utcOffsetMinutes: -720 }
        // under its second key too (src/settings/atomic-commit.ts)
        expect(settingBytes("sntp+", largest) <= SETTING_PACKET_MAX).toBe(true)
    })
})
