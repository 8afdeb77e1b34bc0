import * as ds from "@devicescript/core"
import { Asked, peerHeaderLength, takeAsked } from "./peer"
import { ReceiveQueue, samePeer } from "./receive-queue"

// The datagram endpoint of the UDP contract, on DeviceScript's four socket builtins (docs/udp-contract.md).
// DeviceScript has one socket: this endpoint is it, for CoAP, SNTP and the simulator's virtual RF alike.
type SocketBuiltins = typeof ds & {
    _socketOpen(host: string, port: number): number
    _socketClose(): number
    _socketWrite(buf: Buffer): number
    _socketOnEvent(event: string, arg?: Buffer | string): void
}
const sockets = ds as SocketBuiltins

/**
 * Called once per received datagram: `frame` holds the peer header, the payload starts at `payloadOffset`. An
 * `urgent` one must be handled without pausing: it may run while another datagram's handler is paused.
 */
export type DatagramHandler = (frame: Buffer, payloadOffset: number, urgent: boolean) => Promise<void>
/** Whether a datagram goes ahead of the others, from what the runtime found it asks for (a page). */
export type UrgencyCheck = (asked: Asked) => boolean
/** Called whenever the handled datagrams leave none waiting. */
export type IdleHandler = () => Promise<void>

export class DatagramEndpoint {
    private state = ds.emitter<string>()
    private openError: string = null
    private queue = new ReceiveQueue()
    private busy = false
    /** The frame whose handler runs (or is paused) in drain, or null. */
    private current: Buffer = null
    /** An urgent datagram is being handled outside drain: the next one queues (one at a time, bounded heap). */
    private urgentRunning = false

    /** Binds; throws an Error with the runtime's message when the runtime cannot (e.g. it lacks UDP). */
    async open(bindAddress: string, port: number, handler: DatagramHandler, idle: IdleHandler, urgency: UrgencyCheck) {
        const self = this
        self.openError = null
        // Each event runs in its own fiber, so the handler may pause (see drain). An urgent datagram arriving while
        // drain is busy (or paused in a handler, e.g. a change waiting for room among the answers held for a commit)
        // is handled at once in this fiber, unless an urgent one or one from the same peer waits or is being handled
        // (here or in drain):
        // then it joins the queue, which gives it precedence and keeps the order.
        sockets._socketOnEvent = async (event: string, arg?: Buffer | string) => {
            if (event === "data") {
                const frame = arg as Buffer
                const asked = takeAsked(frame)
                const offset = peerHeaderLength(frame)
                const urgent = offset > 0 && urgency(asked)
                const current = self.current
                const ahead =
                    !self.urgentRunning && !self.queue.holdsUrgentOr(frame) && !(current && samePeer(current, frame))
                if (urgent && self.busy && ahead) {
                    self.urgentRunning = true
                    try {
                        await self.handle(handler, frame, offset, true)
                    } finally {
                        self.urgentRunning = false
                    }
                    await idle()
                    return
                }
                self.queue.add(frame, urgent)
                if (!self.busy) await self.drain(handler, idle)
            } else if (event === "open") {
                self.state.emit("open")
            } else if (event === "error") {
                self.openError = "" + arg
                self.state.emit("error")
            } else if (event === "close") {
                self.state.emit("close")
            }
        }
        if (sockets._socketOpen("udp://" + bindAddress, port) !== 0) throw new Error("socket open refused")
        const result = await ds.wait(self.state, 10000)
        if (result !== "open") throw new Error(self.openError || "no answer from the network stack")
    }

    /**
     * Handles the waiting datagrams one after the other, each in a fresh slice of the VM's opcode budget, and
     * calls `idle` each time none is left (datagrams that arrive meanwhile are handled after it); a failure
     * costs its datagram only.
     */
    private async drain(handler: DatagramHandler, idle: IdleHandler) {
        this.busy = true
        while (this.queue.size() > 0) {
            await ds.sleep(0)
            const frame = this.queue.take()
            const offset = peerHeaderLength(frame)
            this.current = frame
            if (offset > 0) await this.handle(handler, frame, offset, this.queue.tookUrgent)
            this.current = null
            if (this.queue.size() === 0) await idle()
        }
        this.busy = false
    }

    /** Runs `handler` on one datagram; a failure costs that datagram only. */
    private async handle(handler: DatagramHandler, frame: Buffer, offset: number, urgent: boolean) {
        try {
            await handler(frame, offset, urgent)
        } catch (e) {
            console.log("net: datagram dropped: " + (e as Error).message)
        }
    }

    /** Sends `frame`: a peer header, then the payload (net/peer.ts). Returns false when the runtime refused it. */
    send(frame: Buffer): boolean {
        return sockets._socketWrite(frame) === 0
    }
}
