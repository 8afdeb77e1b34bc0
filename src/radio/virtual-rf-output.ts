import * as ds from "@devicescript/core"
import { ChipTrain, airtimeMs } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { virtualRfDatagram } from "./virtual-rf"

// The radio as the VM sees it on both platforms: one virtual RF datagram per transmission, sent by the caller's
// function to the peer 0.0.0.0:0 (in the simulator the runner hands it to the --rf-monitor address; on the ESP32 the
// extension puts it on air), then "on air" for the transmission's airtime, so queueing behaves as on the hardware.
export class VirtualRfOutput implements RadioOutput {
    private send: (datagram: Buffer) => void
    private module: () => number

    /** `module`: the installed radio module at each transmission, as its index in RADIO_MODULES. */
    constructor(send: (datagram: Buffer) => void, module: () => number) {
        this.send = send
        this.module = module
    }

    async transmit(train: ChipTrain) {
        this.send(virtualRfDatagram(train, this.module()))
        await ds.sleep(airtimeMs(train))
    }
}
