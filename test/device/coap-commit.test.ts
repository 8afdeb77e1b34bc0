import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { CoapServer } from "../../src/coap/server"
import { emptyReply } from "../../src/coap/exchange"
import { ipv4Peer } from "../../src/net/peer"

// Group commit (README "Power loss"): the answer to a change goes out only after a commit succeeded. A commit that
// throws acknowledges nothing, neither the request nor its retransmissions, and the next commit answers them all.

const PEER = ipv4Peer("127.0.0.1", 40000)
const POST = 0x02
const CHANGED = 0x44

/**
 * CON POST /count with `mid` and no token, behind the peer header (RFC 7252 §3: Uri-Path is option 11). Its body
 * makes it long enough that an error's JSON stays within the amplification limit for this unproved peer.
 */
function postCount(mid: number): Buffer {
    return post("count", mid)
}

/** CON POST to the one-segment path `path` (at most 12 bytes), as postCount. */
function post(path: string, mid: number): Buffer {
    const coap = Buffer.concat(
        Buffer.from([0x40, POST, mid >> 8, mid & 0xff, 0xb0 + path.length]),
        Buffer.from(path),
        Buffer.from([0xff]),
        Buffer.from('{"note":"long enough for a JSON error in answer"}')
    )
    return Buffer.concat(PEER, coap)
}

/** The payload of a response without token or options beyond Content-Format: after the 0xff marker. */
function payloadOf(datagram: Buffer): string {
    let marker = 4
    while (marker < datagram.length && datagram[marker] !== 0xff) marker++
    return datagram.slice(marker + 1, datagram.length).toString()
}

/**
 * A server whose resource "count" counts the changes it is asked for, with a commit that fails while `failing`;
 * its resource "ring" changes nothing a commit keeps, as a standalone page.
 */
class CountingBase {
    sent: Buffer[] = []
    changes = 0
    rings = 0
    commits = 0
    failing = true
    server: CoapServer

    constructor() {
        const self = this
        this.server = new CoapServer(
            (peer, datagram) => {
                self.sent.push(datagram)
            },
            () => {
                self.commits++
                if (self.failing) throw new Error("flash refused")
            },
            () => self.changes
        )
        this.server.add({
            path: "count",
            methods: [POST],
            format: 50,
            handle: () => {
                self.changes++
                return emptyReply(CHANGED)
            },
        })
        this.server.add({
            path: "ring",
            methods: [POST],
            format: 50,
            neverCommits: true,
            handle: () => {
                self.rings++
                return emptyReply(CHANGED)
            },
        })
    }
}

describe("coap group commit", () => {
    test("a failed commit acknowledges nothing; the next one answers the request and its copy", async () => {
        const base = new CountingBase()
        const server = base.server
        const sent = base.sent

        await server.handleDatagram(postCount(0x1234), PEER.length)
        await server.commits.settle()
        await ds.sleep(20)
        expect(base.commits).toBe(1)
        expect(sent.length).toBe(0)

        // The retransmission finds the answer waiting again, not in the dedup table alone.
        await server.handleDatagram(postCount(0x1234), PEER.length)
        await ds.sleep(20)
        expect(sent.length).toBe(0)

        base.failing = false
        server.tick()
        await ds.sleep(20)
        expect(base.commits).toBe(2)
        expect(base.changes).toBe(1)
        expect(sent.length).toBe(2)
        for (const datagram of sent) {
            // ACK, token length 0, 2.04, the request's MID.
            expect(datagram.slice(0, 4).toString("hex")).toBe("60441234")
        }
    })

    test("while commits keep failing, a change past the answers' bound is refused with 5.03 and changes nothing", async () => {
        const base = new CountingBase()
        const server = base.server
        // 16 answers may wait (HELD_MAX); each is ~4 bytes, far below the 2 KB bound.
        for (let mid = 1; mid <= 16; ++mid) await server.handleDatagram(postCount(mid), PEER.length)
        expect(base.changes).toBe(16)
        expect(base.sent.length).toBe(0)

        await server.handleDatagram(postCount(17), PEER.length)
        expect(base.changes).toBe(16)
        expect(base.sent.length).toBe(1)
        const refusal = base.sent[0]
        // ACK, token length 0, 5.03, MID 17; a JSON body naming the cause.
        expect(refusal.slice(0, 4).toString("hex")).toBe("60a30011")
        expect(JSON.parse(payloadOf(refusal)).error.indexOf("flash") >= 0).toBe(true)

        base.failing = false
        server.tick()
        await ds.sleep(20)
        expect(base.sent.length).toBe(17)
        for (let i = 1; i <= 16; ++i) expect(base.sent[i].slice(0, 4).toString("hex")).toBe("6044" + hexMid(i))
    })

    test("a request to a resource that never commits is handled at once while the answers waiting are at their bound", async () => {
        const base = new CountingBase()
        const server = base.server
        for (let mid = 1; mid <= 16; ++mid) await server.handleDatagram(postCount(mid), PEER.length)
        const commits = base.commits

        await server.handleDatagram(post("ring", 17), PEER.length)
        // Handled without waiting for a commit: none was tried, and its 2.04 is the one answer sent.
        expect(base.commits).toBe(commits)
        expect(base.rings).toBe(1)
        expect(base.sent.length).toBe(1)
        expect(base.sent[0].slice(0, 4).toString("hex")).toBe("60440011")
    })
    test("a retransmission of a waiting change is not handled again when the dedup table has let it go", async () => {
        const base = new CountingBase()
        const server = base.server
        // 16 waiting answers fill the dedup table (16 entries); one more exchange pushes the first one out of it.
        for (let mid = 1; mid <= 16; ++mid) await server.handleDatagram(postCount(mid), PEER.length)
        await server.handleDatagram(post("ring", 17), PEER.length)
        await server.handleDatagram(postCount(1), PEER.length)
        expect(base.changes).toBe(16)

        base.failing = false
        server.tick()
        await ds.sleep(20)
        // the ring's answer, then the 16 (the first one twice: the request and its copy)
        expect(base.sent.length).toBe(18)
        expect(base.sent.filter(d => d.slice(0, 4).toString("hex") === "60440001").length).toBe(2)
    })
})

function hexMid(mid: number): string {
    return Buffer.from([mid >> 8, mid & 0xff]).toString("hex")
}
