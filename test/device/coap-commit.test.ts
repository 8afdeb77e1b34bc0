import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { CoapServer } from "../../src/coap/server"
import { emptyReply } from "../../src/coap/resource"
import { ipv4Peer } from "../../src/net/peer"

// Group commit (README "Power loss"): the answer to a change goes out only after a commit succeeded. A commit that
// throws acknowledges nothing, neither the request nor its retransmissions, and the next commit answers them all.

const PEER = ipv4Peer("127.0.0.1", 40000)
const POST = 0x02
const CHANGED = 0x44

/** CON POST /count with `mid` and no token, behind the peer header (RFC 7252 §3: Uri-Path is option 11). */
function postCount(mid: number): Buffer {
    const coap = Buffer.concat(
        Buffer.from([0x40, POST, mid >> 8, mid & 0xff, 0xb5]),
        Buffer.from("count")
    )
    return Buffer.concat(PEER, coap)
}

describe("coap group commit", () => {
    test("a failed commit acknowledges nothing; the next one answers the request and its copy", async () => {
        const sent: Buffer[] = []
        let changes = 0
        let commits = 0
        let failing = true
        const server = new CoapServer(
            (peer, datagram) => {
                sent.push(datagram)
            },
            () => {
                commits++
                if (failing) throw new Error("flash refused")
            },
            () => changes
        )
        server.add({
            path: "count",
            methods: [POST],
            format: 50,
            handle: () => {
                changes++
                return emptyReply(CHANGED)
            },
        })

        await server.handleDatagram(postCount(0x1234), PEER.length)
        await server.settle()
        await ds.sleep(20)
        expect(commits).toBe(1)
        expect(sent.length).toBe(0)

        // The retransmission finds the answer waiting again, not in the dedup table alone.
        await server.handleDatagram(postCount(0x1234), PEER.length)
        await ds.sleep(20)
        expect(sent.length).toBe(0)

        failing = false
        server.tick()
        await ds.sleep(20)
        expect(commits).toBe(2)
        expect(changes).toBe(1)
        expect(sent.length).toBe(2)
        for (const datagram of sent) {
            // ACK, token length 0, 2.04, the request's MID.
            expect(datagram.slice(0, 4).toString("hex")).toBe("60441234")
        }
    })
})
