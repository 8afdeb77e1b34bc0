// Encodes a fixed list of pages and prints each virtual RF datagram as hex lines
// "PBRF <label> <part>/<parts> <hex>" (console lines are cut near 300 characters), for
// test/radio/decode.test.js to decode with rtl_433 and multimon-ng. Ends with ds.restart().
import * as ds from "@devicescript/core"
import {
    ChipTrain,
    MODULATION_FSK,
    PageRequest,
    TransmitQueue,
    encodeTransmission,
    virtualRfDatagram,
} from "../../src/radio"
import { PocsagPage, encodePocsag } from "../../src/radio/pocsag/batches"
import { POCSAG_ALPHA, POCSAG_NUMERIC, POCSAG_TONE } from "../../src/radio/pocsag/message"

const HEX_PER_LINE = 200

function print(label: string, train: ChipTrain) {
    const hex = virtualRfDatagram(train, 0, Buffer.alloc(0)).toString("hex")
    const parts = Math.idiv(hex.length + HEX_PER_LINE - 1, HEX_PER_LINE)
    for (let i = 0; i < parts; i++)
        console.log(
            "PBRF " + label + " " + (i + 1) + "/" + parts + " " + hex.slice(i * HEX_PER_LINE, (i + 1) * HEX_PER_LINE)
        )
}

function page(protocol: string, systemId: number, pager: number, mode: string, message: string | null): PageRequest {
    return { protocol, systemId, pager, mode, message }
}

// Each transmission is encoded in its own VM slice, as the transmitter does.
async function emit(label: string, reqs: PageRequest[]) {
    await ds.sleep(0)
    print(label, encodeTransmission(reqs))
}

/** The same printable-ASCII text the Node test rebuilds: character i = 32 + (7 i mod 95). */
function longText(n: number) {
    const parts: string[] = []
    for (let i = 0; i < n; i++) parts.push(String.fromCharCode(32 + ((7 * i) % 95)))
    return parts.join("")
}

await emit("t112-ref", [page("retekess-t112", 200, 17, "Flash30Sec", null)])
await emit("t112-min", [page("retekess-t112", 0, 0, "Flash30Sec", null)])
await emit("t112-max", [page("retekess-t112", 8191, 1023, "Vibe1", "ignored: no display")])
await emit("t119-ref", [page("retekess-t119", 1234, 17, "Flash30Sec", null)])
await emit("t119-max", [page("retekess-t119", 8191, 1023, "Flash30Sec", null)])
await emit("td157-ref", [page("retekess-td157", 100, 23, "Flash30Sec", null)])
await emit("td157-min", [page("retekess-td157", 0, 0, "Flash30Sec", null)])
await emit("td157-max", [page("retekess-td157", 1023, 1023, "Flash30Sec", null)])
await emit("td158-ref", [page("retekess-td158", 209, 10, "Flash30Sec", null)])
await emit("td158-one", [page("retekess-td158", 1, 1, "Flash30Sec", null)])
await emit("td158-max", [page("retekess-td158", 1023, 1023, "Flash30Sec", null)])
await emit("td161-ref", [page("retekess-td161", 200, 30, "Flash30Sec", null)])
await emit("td161-min", [page("retekess-td161", 0, 0, "Flash30Sec", null)])
await emit("td161-max", [page("retekess-td161", 999, 999, "Flash30Sec", null)])
await emit("lrs-ref", [page("lrs", 0, 17, "Flash30Sec", null)])
await emit("lrs-min", [page("lrs", 0, 0, "Flash1Sec", null)])
await emit("lrs-max", [page("lrs", 255, 4095, "Glow15Times", null)])
await emit("pocsag1200-alpha", [page("pocsag1200", 3, 23, "Flash30Sec", "Table 12 ready")])
await emit("pocsag512-alpha", [page("pocsag512", 4, 105, "Flash30Sec", "Order 42")])
await emit("pocsag2400-alpha", [page("pocsag2400", 25, 15, "Flash30Sec", "Your table is ready")])
await emit("pocsag1200-numeric", [page("pocsag1200-numeric", 1, 10, "Flash30Sec", "0123456789-[] U")])
await emit("pocsag512-numeric", [page("pocsag512-numeric", 3, 23, "Vibe1", "911")])
await emit("pocsag2400-tone", [page("pocsag2400-numeric", 0, 0, "Flash30Sec", null)])
await emit("pocsag1200-first-system", [page("pocsag1200", 0, 0, "Flash30Sec", "s0")])
await emit("pocsag1200-system13-max", [page("pocsag1200", 13, 9999, "Flash30Sec", "s13")])
await emit("pocsag1200-system14", [page("pocsag1200", 14, 0, "Flash30Sec", "s14")])
await emit("pocsag1200-longest", [page("pocsag1200", 200, 1249, "Flash30Sec", longText(200))])
await emit("pocsag2400-several", [
    page("pocsag2400", 3, 1, "Flash30Sec", null),
    page("pocsag2400", 3, 2, "Flash30Sec", "Table 2"),
    page("pocsag2400", 3, 3, "Flash30Sec", longText(40)),
    page("pocsag2400", 3, 4, "Flash30Sec", null),
    page("pocsag2400", 3, 5, "Flash30Sec", "last"),
])
// The largest transmissions (10 batches): a full transmitter queue of tone pages, taken by the queue as the
// transmitter takes it, and two of the longest messages.
const fullQueue = new TransmitQueue(20)
for (let i = 0; i < 20; i++) fullQueue.add(page("pocsag1200", 3, 20 + i, "Flash30Sec", null))
await emit("pocsag1200-full-queue", fullQueue.take())
await emit("pocsag1200-two-longest", [
    page("pocsag1200", 200, 1249, "Flash30Sec", longText(200)),
    page("pocsag1200", 200, 1248, "Flash30Sec", longText(200)),
])

// Frame position and function bits need capcodes outside the T7470 mapping (always frame 0).
function pocsagTrain(protocol: string, rate: number, pages: PocsagPage[]): ChipTrain {
    const w = encodePocsag(pages)
    return {
        protocol,
        modulation: MODULATION_FSK,
        carrierHz: 467750000,
        deviationHz: 4500,
        chipRateHz: rate,
        chips: w.buf,
        chipCount: w.count,
    }
}
await ds.sleep(0)
print(
    "pocsag1200-frames",
    pocsagTrain("pocsag1200", 1200, [
        { capcode: 1234567, func: 0, kind: POCSAG_TONE, text: "" },
        { capcode: 3, func: 1, kind: POCSAG_ALPHA, text: "frame 3" },
        { capcode: 2097151, func: 2, kind: POCSAG_ALPHA, text: "frame 7" },
        { capcode: 9, func: 3, kind: POCSAG_TONE, text: "" },
        { capcode: 14, func: 0, kind: POCSAG_ALPHA, text: "frame 6" },
    ])
)
await ds.sleep(0)
print(
    "pocsag512-numeric-frame5",
    pocsagTrain("pocsag512-numeric", 512, [
        { capcode: 1000189, func: 1, kind: POCSAG_NUMERIC, text: "12345 67890 -U-[]" },
    ])
)
ds.restart()
