import { describe, test, expect } from "@devicescript/test"
import { ReceiveQueue } from "../../src/net/receive-queue"
import { RECEIVE_QUEUE, RECEIVE_QUEUE_BYTES } from "../../src/limits"
import { Asked, peerHeaderLength, takeAsked } from "../../src/net/peer"

/** A large datagram: three of them and a small one fit RECEIVE_QUEUE_BYTES, four do not. */
const BIG = Math.floor(RECEIVE_QUEUE_BYTES / 3.2)

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
    test("bytes bound: three large datagrams wait, a fourth is dropped, a small one still fits", () => {
        const q = new ReceiveQueue()
        for (let i = 0; i < 3; ++i) expect(q.add(frame(BIG, i))).toBe(true)
        expect(q.add(frame(BIG, 3))).toBe(false)
        expect(q.add(frame(100, 4))).toBe(true)
        q.take()
        expect(q.add(frame(BIG, 5))).toBe(true)
        expect(q.size()).toBe(4)
    })
    test("a datagram larger than the whole bound is dropped even by an empty queue", () => {
        expect(new ReceiveQueue().add(frame(RECEIVE_QUEUE_BYTES + 1, 0))).toBe(false)
    })
})

/** A frame of `length` bytes from peer 10.0.0.`host`, tagged in its last byte. */
function from(host: number, tag: number): Buffer {
    const b = Buffer.alloc(20)
    b[0] = 4
    b[1] = 10
    b[4] = host
    b[19] = tag
    return b
}

describe("receive queue: urgent datagrams first", () => {
    test("urgent ones overtake in their own order; the others keep theirs", () => {
        const q = new ReceiveQueue()
        q.add(from(1, 1))
        q.add(from(2, 2))
        q.add(from(3, 3), true)
        q.add(from(4, 4))
        q.add(from(5, 5), true)
        const order: number[] = []
        for (let i = 0; i < 5; ++i) order.push(q.take()[19])
        expect(order.join(",")).toBe("3,5,1,2,4")
        expect(q.take()).toBe(null)
    })
    test("an urgent datagram never overtakes an earlier one from its own peer", () => {
        const q = new ReceiveQueue()
        q.add(from(1, 1))
        q.add(from(2, 2))
        q.add(from(3, 3))
        q.add(from(2, 4), true)
        const order: number[] = []
        for (let i = 0; i < 4; ++i) order.push(q.take()[19])
        expect(order.join(",")).toBe("2,4,1,3")
    })
    test("a full queue makes room for an urgent datagram by dropping the newest others", () => {
        const q = new ReceiveQueue()
        for (let i = 0; i < RECEIVE_QUEUE; ++i) expect(q.add(from(1 + (i % 4), i), i === 3)).toBe(true)
        expect(q.add(from(9, 90))).toBe(false)
        expect(q.add(from(9, 91), true)).toBe(true)
        expect(q.add(from(9, 92), true)).toBe(true)
        expect(q.size()).toBe(RECEIVE_QUEUE)
        const order: number[] = []
        for (let i = 0; i < RECEIVE_QUEUE; ++i) order.push(q.take()[19])
        // 14 and 15 (the newest others) gave way; 3 was urgent already and stays.
        expect(order.join(",")).toBe("3,91,92,0,1,2,4,5,6,7,8,9,10,11,12,13")
    })
    test("bytes bound: an urgent datagram drops as many others as it needs, never an urgent one", () => {
        const q = new ReceiveQueue()
        expect(q.add(frame(BIG, 0), true)).toBe(true)
        expect(q.add(frame(BIG, 1))).toBe(true)
        expect(q.add(frame(BIG, 2))).toBe(true)
        // Room for it only once both others are gone.
        expect(q.add(frame(Math.floor(BIG * 1.75), 3), true)).toBe(true)
        expect(q.size()).toBe(2)
        expect(q.take()[0]).toBe(0)
        expect(q.take()[0]).toBe(3)
        const full = new ReceiveQueue()
        for (let i = 0; i < 3; ++i) full.add(frame(BIG, i), true)
        expect(full.add(frame(BIG, 3), true)).toBe(false)
        expect(full.size()).toBe(3)
    })
    test("holdsUrgentOr: an urgent frame waiting, or one from the same peer", () => {
        const q = new ReceiveQueue()
        q.add(from(1, 1))
        expect(q.holdsUrgentOr(from(1, 9))).toBe(true)
        expect(q.holdsUrgentOr(from(2, 9))).toBe(false)
        q.add(from(3, 3), true)
        expect(q.holdsUrgentOr(from(2, 9))).toBe(true)
    })
})

/** A peer header (127.0.0.1:5683) and a CoAP datagram laid out by hand from RFC 7252 §3: CON, MID 1, no token. */
describe("takeAsked: what the runtime marked a datagram as asking for", () => {
    test("bits 6-7 of the first byte are read and cleared, leaving the peer header", () => {
        const page = Buffer.from([0x44, 127, 0, 0, 1, 0x16, 0x33, 0x40])
        expect(takeAsked(page)).toBe(Asked.Page)
        expect(page[0]).toBe(4)
        expect(peerHeaderLength(page)).toBe(7)
        const onSession = Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x16, 0x33])
        expect(takeAsked(onSession)).toBe(Asked.PageOnSession)
        expect(onSession[0]).toBe(16)
        const plain = Buffer.from([4, 10, 0, 0, 9, 0x16, 0x33])
        expect(takeAsked(plain)).toBe(Asked.Nothing)
        expect(plain[0]).toBe(4)
    })
})
