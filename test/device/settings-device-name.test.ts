import { describe, test, expect } from "@devicescript/test"
import { deviceNameOf } from "../../src/settings/device-name"

// DEVICE_NAME becomes an mDNS host label and a JSON string: only a DNS label (RFC 1035 2.3.1: letters, digits,
// hyphens; at most 63 octets) is taken, anything else falls back to the T7470's own name.

describe("device name", () => {
    test("a DNS label is taken as it is", () => {
        expect(deviceNameOf("pager-7")).toBe("pager-7")
        expect(deviceNameOf("FrontDesk2")).toBe("FrontDesk2")
        const sixty = "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij"
        const longest = sixty + "abc" // 63
        expect(deviceNameOf(longest)).toBe(longest)
    })
    test("anything else gives T7470", () => {
        expect(deviceNameOf(undefined)).toBe("T7470")
        expect(deviceNameOf(42)).toBe("T7470")
        expect(deviceNameOf("")).toBe("T7470")
        expect(deviceNameOf("0123456789012345678901234567890123456789012345678901234567890123")).toBe("T7470") // 64
        expect(deviceNameOf('a"b')).toBe("T7470")
        expect(deviceNameOf("front.desk")).toBe("T7470")
        expect(deviceNameOf("front desk")).toBe("T7470")
        expect(deviceNameOf("pager_7")).toBe("T7470")
        expect(deviceNameOf("caf\u00e9")).toBe("T7470")
        expect(deviceNameOf("a\rb")).toBe("T7470") // control characters that are '-' or a digit with bit 5 set
        expect(deviceNameOf("a\u0011b")).toBe("T7470")
    })
})
