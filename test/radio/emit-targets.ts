// The transmissions test/radio/targets.test.js puts through the ESP32 extension's radio output (boards/esp32/udp/
// rf_output.c, on a recording wire, at each target's slowest SPI clock): each printed as the virtual RF datagram
// the VM sends, with its radio module, "PBRF <label> <part>/<parts> <hex>". Ends with ds.restart().
import * as ds from "@devicescript/core"
import { PageRequest, encodeTransmission, virtualRfDatagram } from "../../src/radio"
import { RADIO_MODULES } from "../../src/radio/transceivers/index"

const HEX_PER_LINE = 200

function page(protocol: string, systemId: number, pager: number, mode: string, message: string): PageRequest {
    return { protocol, systemId, pager, mode, message }
}

async function emit(label: string, req: PageRequest, module: string, carrierHz: number) {
    await ds.sleep(0)
    const train = encodeTransmission([req])
    if (carrierHz) train.carrierHz = carrierHz
    const hex = virtualRfDatagram(train, RADIO_MODULES.indexOf(module), Buffer.alloc(0)).toString("hex")
    const parts = Math.idiv(hex.length + HEX_PER_LINE - 1, HEX_PER_LINE)
    for (let i = 0; i < parts; i++)
        console.log(
            "PBRF " + label + " " + (i + 1) + "/" + parts + " " + hex.slice(i * HEX_PER_LINE, (i + 1) * HEX_PER_LINE)
        )
}

await emit("t112-max", page("retekess-t112", 8191, 1023, "Vibe1", null), "ook", 0)
await emit("td157-ref", page("retekess-td157", 100, 23, "Flash30Sec", null), "cc1101", 0)
await emit("lrs-ref", page("lrs", 0, 17, "Flash30Sec", null), "sx1278", 0)
await emit("pocsag1200-alpha", page("pocsag1200", 3, 23, "Flash30Sec", "Table 12 ready"), "sx1278", 0)
await emit("pocsag512-numeric", page("pocsag512-numeric", 3, 23, "Vibe1", "911"), "cc1101", 433920000)
await emit("pocsag2400-alpha", page("pocsag2400", 25, 15, "Flash30Sec", "Your table is ready"), "cc1101", 433920000)
ds.restart()
