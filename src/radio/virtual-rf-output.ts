import * as ds from "@devicescript/core"
import { ChipTrain, airtimeMs } from "./chip-train"
import { RadioOutput } from "./radio-output"
import { virtualRfDatagram } from "./virtual-rf"

// The radio as the VM sees it on both platforms: one virtual RF datagram per transmission, sent by the caller's
// function to `peer`, 0.0.0.0:0 (in the simulator the runner hands it to the --rf-monitor address; on the ESP32 the
// extension puts it on air), then "on air" for the transmission's airtime, so queueing behaves as on the hardware.
export class VirtualRfOutput implements RadioOutput {
    private peer: Buffer
    private send: (frame: Buffer) => void
    private module: () => number

    /**
     * `send` gets the frame: the datagram behind `peer`'s header. `module`: the installed radio module at each
     * transmission, as its index in RADIO_MODULES.
     */
    constructor(peer: Buffer, send: (frame: Buffer) => void, module: () => number) {
        this.peer = peer
        this.send = send
        this.module = module
    }

    async transmit(train: ChipTrain) {
        this.send(virtualRfDatagram(train, this.module(), this.peer))
        await ds.sleep(airtimeMs(train))
    }
}
