import * as ds from "@devicescript/core"
import { ChipTrain, airtimeMs } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { virtualRfDatagram } from "./virtual-rf"

// Simulator output: one virtual RF datagram per transmission (sent by the caller's function,
// e.g. through the UDP endpoint to the --rf-monitor address), then stays "on air" for the
// transmission's airtime so queueing behaves as on the hardware.
export class VirtualRfOutput implements RadioOutput {
    private send: (datagram: Buffer) => void

    constructor(send: (datagram: Buffer) => void) {
        this.send = send
    }

    async transmit(train: ChipTrain) {
        this.send(virtualRfDatagram(train))
        await ds.sleep(airtimeMs(train))
    }
}
