import { describe, test, expect } from "@devicescript/test"
import { PageRequest } from "../../src/radio/protocols"
import { TransmitQueue } from "../../src/radio/queue"

function req(protocol: string, pager: number, message: string | null): PageRequest {
    return { protocol, systemId: 3, pager, mode: "Flash30Sec", message }
}

function pagers(batch: PageRequest[] | null) {
    return batch ? batch.map(r => r.pager).join(",") : "none"
}

/** 200 characters: 71 codewords, 5 POCSAG batches. */
function longest() {
    const parts: string[] = []
    for (let i = 0; i < 20; i++) parts.push("0123456789")
    return parts.join("")
}

describe("transmit queue", () => {
    test("bounded: the page past capacity is refused with an error, earlier ones kept", () => {
        const q = new TransmitQueue(2)
        expect(q.add(req("retekess-t112", 1, null))).toBe(null)
        expect(q.add(req("retekess-t112", 2, null))).toBe(null)
        expect(q.add(req("retekess-t112", 3, null)) !== null).toBe(true)
        expect(q.size()).toBe(2)
    })
    test("one transmission on air at a time; OOK pages go one per transmission", () => {
        const q = new TransmitQueue(4)
        q.add(req("retekess-t112", 1, null))
        q.add(req("retekess-t112", 2, null))
        expect(pagers(q.take())).toBe("1")
        expect(pagers(q.take())).toBe("none")
        q.done(461)
        expect(pagers(q.take())).toBe("2")
        q.done(461)
        expect(pagers(q.take())).toBe("none")
        expect(q.airtimeMs).toBe(922)
        expect(q.transmissions).toBe(2)
    })
    test("consecutive POCSAG pages of one protocol share a transmission; another protocol waits", () => {
        const q = new TransmitQueue(8)
        q.add(req("pocsag1200", 1, "a"))
        q.add(req("pocsag1200", 2, null))
        q.add(req("pocsag1200", 3, "b"))
        q.add(req("pocsag2400", 4, "c"))
        q.add(req("pocsag1200", 5, "d"))
        expect(pagers(q.take())).toBe("1,2,3")
        q.done(934)
        expect(pagers(q.take())).toBe("4")
        q.done(467)
        expect(pagers(q.take())).toBe("5")
    })
    test("a batch stops at 8 POCSAG batches: two longest messages (5 batches each) go separately", () => {
        const q = new TransmitQueue(8)
        q.add(req("pocsag1200", 1, longest()))
        q.add(req("pocsag1200", 2, longest()))
        expect(pagers(q.take())).toBe("1")
        q.done(2747)
        expect(pagers(q.take())).toBe("2")
    })
})
