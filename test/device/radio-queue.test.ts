import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { ChipTrain } from "../../src/radio/chip-train"
import { PageRequest, PROTOCOL_NAMES, findProtocol } from "../../src/radio/protocols"
import { PAGE_MODES } from "../../src/radio/page-modes"
import { TransmitQueue } from "../../src/radio/queue"
import { RadioOutput } from "../../src/radio/radio-output"
import { Transmitter } from "../../src/radio/transmitter"
import { PocsagPage, pocsagCodewordCount, pocsagPagesThatFit } from "../../src/radio/pocsag/batches"
import { POCSAG_ALPHA, POCSAG_TONE } from "../../src/radio/pocsag/message"

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
    test("a page comes out as it went in: every protocol and mode, the ends of the ranges, the message", async () => {
        const q = new TransmitQueue(1)
        for (let i = 0; i < PROTOCOL_NAMES.length; i++) {
            await ds.sleep(0) // a fresh slice of the VM's opcode budget per protocol
            const p = findProtocol(PROTOCOL_NAMES[i])
            for (let m = 0; m < PAGE_MODES.length; m++) {
                const high = (i + m) % 2 === 1
                const sent: PageRequest = {
                    protocol: p.name,
                    systemId: high ? p.systemMax : p.systemMin,
                    pager: high ? 9999 : p.pagerMin,
                    mode: PAGE_MODES[m],
                    message: m % 3 === 0 ? null : "Table " + m,
                }
                expect(q.add(sent)).toBe(null)
                const got = q.take()[0]
                q.done(0)
                expect(
                    [got.protocol, got.systemId, got.pager, got.mode, got.message].join("|") ===
                        [sent.protocol, sent.systemId, sent.pager, sent.mode, sent.message].join("|")
                ).toBe(true)
                expect(got.message === null).toBe(sent.message === null)
            }
        }
    })
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
    test("a batch stops at 10 POCSAG batches: two longest messages (5 batches each) share one, a third goes next", () => {
        const q = new TransmitQueue(8)
        q.add(req("pocsag1200", 1, longest()))
        q.add(req("pocsag1200", 2, longest()))
        q.add(req("pocsag1200", 3, longest()))
        expect(pagers(q.take())).toBe("1,2")
        q.done(5014)
        expect(pagers(q.take())).toBe("3")
    })
    test("a full queue of 20 tone pages (two per batch) leaves in one transmission", () => {
        const q = new TransmitQueue(20)
        for (let i = 0; i < 20; i++) q.add(req("pocsag1200", 20 + i, null))
        expect(q.take().length).toBe(20)
        expect(q.size()).toBe(0)
    })
    test("OOK is never held back to gather; POCSAG is", () => {
        const q = new TransmitQueue(4)
        expect(q.nextIsBatchable()).toBe(false)
        q.add(req("retekess-t112", 1, null))
        expect(q.nextIsBatchable()).toBe(false)
        q.take()
        q.done(461)
        q.add(req("pocsag512", 2, null))
        expect(q.nextIsBatchable()).toBe(true)
    })
    test("pages that fit: one framing pass agrees with counting every prefix", async () => {
        // Capcodes in several frames, tone and alpha pages of several lengths: the batches fill unevenly.
        const pages: PocsagPage[] = []
        const capcodes = [8, 3, 2097151, 9, 14, 16, 700003, 40, 5, 24]
        const texts = ["", "frame 3", longest(), "", "a", "0123456789012345678901234567890", "", "xy", longest(), ""]
        for (let i = 0; i < capcodes.length; i++)
            pages.push({ capcode: capcodes[i], func: 3, kind: texts[i] ? POCSAG_ALPHA : POCSAG_TONE, text: texts[i] })
        for (const max of [17, 34, 51, 85, 136, 170, 255, 1000]) {
            await ds.sleep(0)
            let expected = 0
            while (expected < pages.length && pocsagCodewordCount(pages.slice(0, expected + 1)) <= max) expected++
            expect(pocsagPagesThatFit(pages, max)).toBe(expected)
        }
    })
})

/** Records when each transmission starts; each stays on air for `airtimeMs`. */
class Recorder implements RadioOutput {
    startedAt: number[] = []
    constructor(private airtimeMs: number) {}
    async transmit(train: ChipTrain) {
        this.startedAt.push(ds.millis())
        await ds.sleep(this.airtimeMs)
    }
}

async function idle(t: Transmitter) {
    for (let i = 0; i < 500 && t.draining; i++) await ds.sleep(10)
    expect(t.draining).toBe(false)
}

describe("transmitter", () => {
    test("an idle POCSAG transmitter holds its first page for the gathering delay; pages meanwhile join it", async () => {
        const out = new Recorder(0)
        const t = new Transmitter(out, 20, 1000)
        const pagedAt = ds.millis()
        expect(t.page(req("pocsag1200", 1, "a"))).toBe(null)
        // Busy (a plain sleep can leave a new fiber waiting for the VM's next timer) well past what taking and
        // encoding one page needs, even in the test runner's GC-stressed VM.
        while (ds.millis() - pagedAt < 300) await ds.sleep(0)
        expect(t.queue.onAir).toBe(false)
        t.page(req("pocsag1200", 2, null))
        t.page(req("pocsag1200", 3, "b"))
        await idle(t)
        expect(t.queue.transmissions).toBe(1)
        expect(out.startedAt[0] - pagedAt >= 1000).toBe(true)
    })
    test("an OOK page is not held: it goes on air without the gathering delay", async () => {
        const out = new Recorder(0)
        const t = new Transmitter(out, 20, 1000)
        const pagedAt = ds.millis()
        t.page(req("retekess-t112", 1, null))
        while (out.startedAt.length === 0 && ds.millis() - pagedAt < 900) await ds.sleep(0)
        expect(out.startedAt.length).toBe(1)
        await idle(t)
    })
    test("pages queued while one is on air go together in the next transmission", async () => {
        const out = new Recorder(200)
        const t = new Transmitter(out, 20)
        t.page(req("pocsag1200", 1, null))
        for (let i = 0; i < 100 && !t.queue.onAir; i++) await ds.sleep(10)
        for (let i = 0; i < 5; i++) t.page(req("pocsag1200", 10 + i, null))
        expect(t.queue.onAir).toBe(true)
        await idle(t)
        expect(t.queue.transmissions).toBe(2)
        expect(out.startedAt.length).toBe(2)
    })
})
