import { describe, test, expect } from "@devicescript/test"
import { DEFAULT_PROTOCOL, PROTOCOL_NAMES, PageRequest, findProtocol, validatePage } from "../../src/radio/protocols"
import { PAGE_MODES, findPageMode } from "../../src/radio/page-modes"
import { ChipTrain, airtimeMs } from "../../src/radio/chip-train"
import { virtualRfDatagram } from "../../src/radio/virtual-rf"

function req(protocol: string, systemId: number, pager: number, mode: string, message: string | null): PageRequest {
    return { protocol, systemId, pager, mode, message }
}

function fieldOf(r: PageRequest) {
    const e = validatePage(r)
    return e ? e.field : "ok"
}

describe("page validation", () => {
    test("in-range pages of every protocol with its default mode are accepted", () => {
        PROTOCOL_NAMES.forEach(name => {
            const p = findProtocol(name)
            expect(p.name).toBe(name)
            expect(fieldOf(req(p.name, p.systemMax, p.pagerMin, p.defaultMode, null))).toBe("ok")
        })
        expect(PROTOCOL_NAMES.length).toBe(12)
        expect(DEFAULT_PROTOCOL).toBe("retekess-t112")
    })
    test("unknown protocol, system id, pager and mode are each named", () => {
        expect(fieldOf(req("morse", 0, 1, "Flash30Sec", null))).toBe("protocol")
        expect(fieldOf(req("retekess-t112", 8192, 1, "Flash30Sec", null))).toBe("systemId")
        expect(fieldOf(req("retekess-t112", 0, 1024, "Flash30Sec", null))).toBe("pager")
        expect(fieldOf(req("retekess-t112", 0, 1.5, "Flash30Sec", null))).toBe("pager")
        expect(fieldOf(req("lrs", 0, 4096, "Flash30Sec", null))).toBe("pager")
        expect(fieldOf(req("retekess-td161", 0, 1000, "Flash30Sec", null))).toBe("pager")
        expect(fieldOf(req("retekess-t112", 0, 1, "Flash31Sec", null))).toBe("mode")
    })
    test("POCSAG pager range follows the capcode blocks: 9999 up to system 13, 1249 from 14", () => {
        expect(fieldOf(req("pocsag1200", 13, 9999, "Vibe1", null))).toBe("ok")
        expect(fieldOf(req("pocsag1200", 14, 1249, "Vibe1", null))).toBe("ok")
        expect(fieldOf(req("pocsag1200", 14, 1250, "Vibe1", null))).toBe("pager")
        expect(fieldOf(req("pocsag1200", 201, 1, "Vibe1", null))).toBe("systemId")
    })
    test("messages: numeric charset, 7-bit ASCII, 200 characters; ignored by pagers without a display", () => {
        expect(fieldOf(req("pocsag1200-numeric", 1, 1, "Flash30Sec", "12-34 [5] U"))).toBe("ok")
        expect(fieldOf(req("pocsag1200-numeric", 1, 1, "Flash30Sec", "12a"))).toBe("message")
        expect(fieldOf(req("pocsag1200", 1, 1, "Flash30Sec", "caf\u00e9"))).toBe("message")
        const parts: string[] = []
        for (let i = 0; i < 201; i++) parts.push("x")
        expect(fieldOf(req("pocsag1200", 1, 1, "Flash30Sec", parts.join("")))).toBe("message")
        expect(fieldOf(req("retekess-t112", 1, 1, "Flash30Sec", "caf\u00e9"))).toBe("ok")
    })
})

describe("page modes", () => {
    test("LRS alert bytes follow the AM table: Flash30Sec 01, Flash1Sec 0A, Glow15Times 07, Vibe1 0A", () => {
        expect(findPageMode("Flash30Sec").lrsAlert).toBe(0x01)
        expect(findPageMode("Flash1Sec").lrsAlert).toBe(0x0a)
        expect(findPageMode("Glow15Times").lrsAlert).toBe(0x07)
        expect(findPageMode("Vibe1").lrsAlert).toBe(0x0a)
        expect(findPageMode("vibe1")).toBe(null)
    })
    test("every mode has a POCSAG function 0..3 and an alert byte", () => {
        expect(PAGE_MODES.length).toBe(14)
        PAGE_MODES.forEach(name => {
            const m = findPageMode(name)
            expect(m.mode).toBe(name)
            expect(m.pocsagFunction >= 0 && m.pocsagFunction <= 3).toBe(true)
            expect(m.lrsAlert > 0 && m.lrsAlert < 0x40).toBe(true)
        })
    })
})

describe("virtual RF datagram", () => {
    test("header fields big-endian, name, then the chips", () => {
        const t: ChipTrain = {
            protocol: "lrs",
            modulation: 1,
            carrierHz: 467750000,
            deviationHz: 3500,
            chipRateHz: 622,
            chips: Buffer.from([0xa5, 0x80]),
            chipCount: 9,
        }
        // "PBRF" 02 01 | 467750000 = 0x1BE14C70 | 622 = 0x26E | 9 | 3500 = 0xDAC | module 2 | 3 "lrs" | a5 80
        const datagram =
            "50425246" + "0201" + "1be14c70" + "0000026e" + "00000009" + "00000dac" + "02" + "03" + "6c7273" + "a580"
        expect(virtualRfDatagram(t, 2, Buffer.alloc(0)).toString("hex")).toBe(datagram)
        // behind a peer header (address length 4, 0.0.0.0, port 0), in the same buffer
        expect(virtualRfDatagram(t, 2, hex`04 00000000 0000`).toString("hex")).toBe("04000000000000" + datagram)
        expect(airtimeMs(t)).toBe(15) // 9 chips at 622 Hz = 14.47 ms, rounded up
    })
})
