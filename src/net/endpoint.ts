import * as ds from "@devicescript/core"
import { peerHeaderLength } from "./peer"

// The datagram endpoint of the UDP contract, on DeviceScript's four socket builtins (DESIGN.md). DeviceScript has
// one socket: this endpoint is it, for CoAP, SNTP and the simulator's virtual RF alike.
type SocketBuiltins = typeof ds & {
    _socketOpen(host: string, port: number): number
    _socketClose(): number
    _socketWrite(buf: Buffer): number
    _socketOnEvent(event: string, arg?: Buffer | string): void
}
const sockets = ds as SocketBuiltins

/** Called once per received datagram: `frame` holds the peer header, the payload starts at `payloadOffset`. */
export type DatagramHandler = (frame: Buffer, payloadOffset: number) => void

export class DatagramEndpoint {
    private state = ds.emitter<string>()
    private openError: string = null

    /** Binds; throws an Error with the runtime's message when the runtime cannot (e.g. it lacks UDP). */
    async open(bindAddress: string, port: number, handler: DatagramHandler) {
        const self = this
        self.openError = null
        sockets._socketOnEvent = (event: string, arg?: Buffer | string) => {
            if (event === "data") {
                const frame = arg as Buffer
                const offset = peerHeaderLength(frame)
                if (offset > 0) handler(frame, offset)
            } else if (event === "open") {
                self.state.emit("open")
            } else if (event === "error") {
                self.openError = "" + arg
                self.state.emit("error")
            } else if (event === "close") {
                self.state.emit("close")
            }
        }
        if (sockets._socketOpen("udp://" + bindAddress, port) !== 0)
            throw new Error("socket open refused")
        const result = await ds.wait(self.state, 10000)
        if (result !== "open")
            throw new Error(self.openError || "no answer from the network stack")
    }

    /** Sends `payload` to the peer whose header is `peer`. Returns false when the runtime refused it. */
    send(peer: Buffer, payload: Buffer): boolean {
        return sockets._socketWrite(peer.concat(payload)) === 0
    }
}
