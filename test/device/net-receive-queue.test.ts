import { describe, test, expect } from "@devicescript/test"
import { RECEIVE_QUEUE, RECEIVE_QUEUE_BYTES, ReceiveQueue } from "../../src/net/receive-queue"

function frame(length: number, tag: number): Buffer {
    const b = Buffer.alloc(length)
    b[0] = tag
    return b
}

describe("receive queue", () => {
    test("16 typical requests wait; the 17th is dropped; they come out in order", () => {
        const q = new ReceiveQueue()
        for (let i = 0; i < RECEIVE_QUEUE; ++i) expect(q.add(frame(100, i))).toBe(true)
        expect(q.add(frame(100, 99))).toBe(false)
        for (let i = 0; i < RECEIVE_QUEUE; ++i) expect(q.take()[0]).toBe(i)
        expect(q.take()).toBe(null)
        expect(q.size()).toBe(0)
    })
    test("bytes bound: three 1.1 KB datagrams wait, a fourth is dropped, a small one still fits", () => {
        const q = new ReceiveQueue()
        for (let i = 0; i < 3; ++i) expect(q.add(frame(1100, i))).toBe(true)
        expect(q.add(frame(1100, 3))).toBe(false)
        expect(q.add(frame(100, 4))).toBe(true)
        q.take()
        expect(q.add(frame(1100, 5))).toBe(true)
        expect(q.size()).toBe(4)
    })
    test("a datagram larger than the whole bound is dropped even by an empty queue", () => {
        expect(new ReceiveQueue().add(frame(RECEIVE_QUEUE_BYTES + 1, 0))).toBe(false)
    })
})
