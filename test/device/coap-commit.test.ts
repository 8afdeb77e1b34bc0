import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { CoapServer } from "../../src/coap/server"
import { emptyReply } from "../../src/coap/exchange"
import { ipv4Peer, peerHeaderLength } from "../../src/net/peer"

// Group commit (README "Power loss"): the answer to a change goes out only after a commit succeeded. A commit is
// atomic (docs/storage.md "Atomic commits"): one that throws has stored nothing, its changes are undone (revert) and
// their requests, with the copies and retransmissions of them, are answered 5.03 with a JSON error.

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

/** ds.sleep called without await: pauses the calling fiber (see src/settings/small-setting.ts). */
const pause = ds.sleep as any as (ms: number) => void

/**
 * A server whose resource "count" counts the changes it is asked for, with a commit that fails while `failing`
 * (after `commitMs`) and a revert that takes the count back to the last commit's (after `revertMs`); its resource
 * "ring" changes nothing a commit keeps, as a standalone page. Each change to "count" moves the number the server
 * watches for changes, as a session change does; one to "name" moves it too, as a settings change.
 */
class CountingBase {
    sent: Buffer[] = []
    /** The peer header each of them went to. */
    sentTo: string[] = []
    changes = 0
    durable = 0
    rings = 0
    commits = 0
    reverts = 0
    failing = true
    commitMs = 0
    revertMs = 0
    server: CoapServer

    constructor() {
        const self = this
        this.server = new CoapServer(
            frame => {
                // A frame: the peer header, then the datagram (docs/udp-contract.md).
                const at = peerHeaderLength(frame)
                self.sentTo.push(frame.slice(0, at).toString("hex"))
                self.sent.push(frame.slice(at, frame.length))
            },
            () => {
                self.commits++
                if (self.commitMs) pause(self.commitMs)
                if (self.failing) throw new Error("flash refused")
                self.durable = self.changes
            },
            () => {
                self.reverts++
                if (self.revertMs) pause(self.revertMs)
                self.changes = self.durable
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

/** Whether `datagram` is an ACK without token of 5.03 for `mid` with a JSON error naming the flash. */
function isUnsaved(datagram: Buffer, mid: number): boolean {
    return (
        datagram.slice(0, 4).toString("hex") === "60a3" + hexMid(mid) &&
        JSON.parse(payloadOf(datagram)).error.indexOf("flash") >= 0
    )
}

describe("coap group commit", () => {
    test("a commit that fails undoes the change and answers the request and its copy 5.03; a retransmission gets it again", async () => {
        const base = new CountingBase()
        const server = base.server
        const sent = base.sent

        await server.handleDatagram(postCount(0x1234), PEER.length)
        // A copy while the answer waits: each copy of a CON gets its answer.
        await server.handleDatagram(postCount(0x1234), PEER.length)
        expect(base.changes).toBe(1)
        await server.commits.settle()
        await ds.sleep(20)
        expect(base.commits).toBe(1)
        expect(base.reverts).toBe(1)
        expect(base.changes).toBe(0)
        expect(sent.length).toBe(2)
        for (const datagram of sent) expect(isUnsaved(datagram, 0x1234)).toBe(true)
        for (const to of base.sentTo) expect(to).toBe(PEER.toString("hex"))

        // Later copies get the same 5.03 from the dedup table: the request is not handled again.
        await server.handleDatagram(postCount(0x1234), PEER.length)
        expect(sent.length).toBe(3)
        expect(isUnsaved(sent[2], 0x1234)).toBe(true)
        expect(base.changes).toBe(0)

        // A new request once the flash takes writes again is acknowledged.
        base.failing = false
        await server.handleDatagram(postCount(0x1235), PEER.length)
        await server.commits.settle()
        await ds.sleep(20)
        expect(sent.length).toBe(4)
        expect(sent[3].slice(0, 4).toString("hex")).toBe("60441235")
        expect(base.durable).toBe(1)
    })

    test("a failed commit refuses every request of its batch; retransmissions get the same 5.03", async () => {
        const base = new CountingBase()
        const server = base.server
        for (let mid = 1; mid <= 3; ++mid) await server.handleDatagram(postCount(mid), PEER.length)
        await server.commits.settle()
        await ds.sleep(20)
        expect(base.commits).toBe(1)
        expect(base.reverts).toBe(1)
        expect(base.changes).toBe(0)
        expect(base.sent.length).toBe(3)
        for (let i = 0; i < 3; ++i) expect(isUnsaved(base.sent[i], i + 1)).toBe(true)
        await server.handleDatagram(postCount(1), PEER.length)
        await server.handleDatagram(postCount(3), PEER.length)
        expect(isUnsaved(base.sent[3], 1)).toBe(true)
        expect(isUnsaved(base.sent[4], 3)).toBe(true)
        expect(base.changes).toBe(0)
    })

    test("a change handled after a commit is started, before its fiber runs, is answered by that commit", async () => {
        const base = new CountingBase()
        const server = base.server
        base.failing = false
        await server.handleDatagram(postCount(1), PEER.length)
        server.commits.start()
        // The commit's fiber has not run yet: this change and its answer go with it, as the flush will take both.
        await server.handleDatagram(postCount(2), PEER.length)
        await ds.sleep(20)
        expect(base.commits).toBe(1)
        expect(base.durable).toBe(2)
        expect(base.sent.length).toBe(2)
        expect(base.sent[1].slice(0, 4).toString("hex")).toBe("60440002")
    })

    test("a commit with no answer waiting starts only when asked to: a change made outside a request", async () => {
        const base = new CountingBase()
        base.failing = false
        base.server.commits.start()
        await ds.sleep(20)
        expect(base.commits).toBe(0)
        base.server.commits.start(true)
        await ds.sleep(20)
        expect(base.commits).toBe(1)
        expect(base.sent.length).toBe(0)
    })

    test("a change handled while a failing commit is under way is undone and refused with it", async () => {
        const base = new CountingBase()
        const server = base.server
        base.commitMs = 50
        await server.handleDatagram(postCount(1), PEER.length)
        await server.commits.settle()
        // The commit fiber is in its flash writes: this change is made meanwhile and held for the next commit.
        await ds.sleep(10)
        await server.handleDatagram(postCount(2), PEER.length)
        expect(base.changes).toBe(2)
        await ds.sleep(80)
        expect(base.reverts).toBe(1)
        expect(base.changes).toBe(0)
        expect(base.sent.length).toBe(2)
        expect(isUnsaved(base.sent[0], 1)).toBe(true)
        expect(isUnsaved(base.sent[1], 2)).toBe(true)
    })

    test("while a failed commit's changes are undone, every request is refused with 5.03 and changes nothing", async () => {
        const base = new CountingBase()
        const server = base.server
        base.revertMs = 50
        await server.handleDatagram(postCount(1), PEER.length)
        await server.commits.settle()
        await ds.sleep(10)
        expect(server.commits.reverting).toBe(true)
        await server.handleDatagram(post("ring", 2), PEER.length)
        await server.handleDatagram(postCount(3), PEER.length)
        expect(base.rings).toBe(0)
        expect(base.changes).toBe(1)
        expect(base.sent.length).toBe(2)
        for (let i = 0; i < 2; ++i) {
            expect(base.sent[i].slice(0, 4).toString("hex")).toBe("60a3" + hexMid(i + 2))
            expect(JSON.parse(payloadOf(base.sent[i])).error.indexOf("flash") >= 0).toBe(true)
        }
        await ds.sleep(80)
        expect(server.commits.reverting).toBe(false)
        expect(base.changes).toBe(0)
        expect(isUnsaved(base.sent[2], 1)).toBe(true)
    })

    test("a change past the answers' bound waits for the commit that takes them, then is handled", async () => {
        const base = new CountingBase()
        const server = base.server
        base.failing = false
        // 16 answers may wait (HELD_MAX); each is ~4 bytes, far below the 2 KB bound.
        for (let mid = 1; mid <= 16; ++mid) await server.handleDatagram(postCount(mid), PEER.length)
        expect(base.changes).toBe(16)
        expect(base.sent.length).toBe(0)

        // The 17th starts a commit and waits for it: the 16 are answered first, then it is handled and held.
        await server.handleDatagram(postCount(17), PEER.length)
        expect(base.commits).toBe(1)
        expect(base.changes).toBe(17)
        expect(base.sent.length).toBe(16)
        for (let i = 0; i < 16; ++i) expect(base.sent[i].slice(0, 4).toString("hex")).toBe("6044" + hexMid(i + 1))
        await server.commits.settle()
        await ds.sleep(20)
        expect(base.sent.length).toBe(17)
        expect(base.sent[16].slice(0, 4).toString("hex")).toBe("60440011")
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
