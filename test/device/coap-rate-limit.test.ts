import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { RateLimiter } from "../../src/coap/rate-limit"
import { ipv4Peer, peerKeyOf } from "../../src/net/peer"

// The limits the README documents: 50 datagrams/s with a burst of 50 per peer (address and port); 200/s with a
// burst of 200 per address, all ports together; a later block of a Block2 transfer costs an eighth of a datagram.

/** How many of `count` datagrams sent at `now` are allowed, the i-th from peer(i). */
async function allowed(limiter: RateLimiter, count: number, now: number, peer: (i: number) => Buffer) {
    let n = 0
    for (let i = 0; i < count; ++i) {
        if (i % 50 === 0) await ds.sleep(0) // stay inside the VM's opcode budget per slice
        if (limiter.allow(peerKeyOf(peer(i)), now)) n++
    }
    return n
}

describe("coap rate limit", () => {
    test("one peer gets its burst of 50, then 50 per second", async () => {
        const limiter = new RateLimiter()
        const peer = ipv4Peer("192.168.1.20", 40000)
        expect(await allowed(limiter, 80, 1000, i => peer)).toBe(50)
        expect(await allowed(limiter, 80, 1100, i => peer)).toBe(5)
        expect(await allowed(limiter, 80, 3100, i => peer)).toBe(50)
    })
    test("rotating source ports does not escape the address's 200", async () => {
        const limiter = new RateLimiter()
        expect(await allowed(limiter, 300, 1000, i => ipv4Peer("192.168.1.66", 1024 + i))).toBe(200)
        expect(await allowed(limiter, 300, 1500, i => ipv4Peer("192.168.1.66", 5000 + i))).toBe(100)
    })
    test("later Block2 blocks cost an eighth: 393 at one instant, where a burst is 50", async () => {
        const limiter = new RateLimiter()
        const peer = peerKeyOf(ipv4Peer("192.168.1.20", 40000))
        let n = 0
        for (let i = 0; i < 500; ++i) {
            if (i % 50 === 0) await ds.sleep(0)
            if (!limiter.allow(peer, 1000)) continue
            limiter.refundLaterBlock(peer, 1000)
            n++
        }
        // 50 tokens, 1/8 each: the k-th request still finds 50 - (k - 1) / 8 >= 1 for k up to 393
        expect(n).toBe(393)
    })
    test("another address is served while one is flooding", async () => {
        const limiter = new RateLimiter()
        await allowed(limiter, 300, 1000, i => ipv4Peer("192.168.1.66", 1024 + i))
        const host = ipv4Peer("192.168.1.20", 40000)
        expect(await allowed(limiter, 10, 1000, i => host)).toBe(10)
    })
})
