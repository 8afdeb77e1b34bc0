// The same transmissions as each target's SPI controller would put them on the wire: SpiRadioOutput runs with
// the classic ESP32's and the ESP32-C3's slowest SPI clock, on a recording bus and stand-in pins. The chips the
// radio would send are rebuilt from that wire alone (direct mode: MOSI while chip select is high, one chip per
// clock / chip-rate bits; FIFO mode: the bytes of TX FIFO writes, the transceiver's header byte dropped, and the
// FIFO's level at each refill) and printed as virtual RF datagrams, "PBRF <label>@<target> <part>/<parts> <hex>", for test/radio/targets.test.js to
// decode with multimon-ng and rtl_433. Ends with ds.restart().
import * as ds from "@devicescript/core"
import { ChipTrain, PageRequest, encodeTransmission, virtualRfDatagram } from "../../src/radio"
import { ChipWriter } from "../../src/radio/chip-writer"
import { ESP32C3_MIN_SPI_HZ, ESP32_MIN_SPI_HZ, SpiBus, SpiRadioOutput } from "../../src/radio/spi-output"
import { CC1101 } from "../../src/radio/transceivers/cc1101"
import { SX1278 } from "../../src/radio/transceivers/sx1278"
import { Transceiver } from "../../src/radio/transceivers/transceiver"

const HEX_PER_LINE = 200
/** Room for the longest transmission here (T112: 12 frames of 349 chips) and its padding. */
const MAX_CHIPS = 12 * 349 + 64

class StandInPin {
    level = 0
    write(v: number) {
        this.level = v
    }
    setMode(mode: number) {
        this.level = mode === ds.GPIOMode.OutputHigh ? 1 : 0
    }
}

class WireBus implements SpiBus {
    hz = 0
    mosiBits = 0
    fifoBytes = 0
    /** FIFO mode: the start (the transaction after the first FIFO write), and the FIFO's level around each refill,
     * from the time of the write: the chip sends one byte every 8 chips after the start. */
    startMs = -1
    fifoMax = 0
    fifoMin = 64
    wire: ChipWriter
    private select: StandInPin
    private chipRateHz: number
    private fifoHeader: number

    constructor(select: StandInPin, chipRateHz: number, fifoHeader: number) {
        this.select = select
        this.chipRateHz = chipRateHz
        this.fifoHeader = fifoHeader
        this.wire = new ChipWriter(MAX_CHIPS)
    }
    configure(hz: number) {
        this.hz = hz
    }
    async write(data: Buffer) {
        if (this.select.level) {
            // The radio takes MOSI as data: one chip every `factor` bits, read in the middle of the chip.
            const factor = this.hz / this.chipRateHz
            if (factor !== Math.round(factor))
                throw new Error("SPI clock " + this.hz + " is not a multiple of the chip rate")
            const bits = data.length * 8
            this.mosiBits += bits
            for (let i = factor >> 1; i < bits; i += factor) {
                if ((i & 511) < factor) await ds.sleep(0)
                this.wire.bits((data[i >> 3] >> (7 - (i & 7))) & 1, 1)
            }
        } else if (data[0] === this.fifoHeader && this.fifoHeader >= 0) {
            if (this.startMs >= 0) {
                const sent = Math.min(
                    this.fifoBytes,
                    Math.floor(((ds.millis() - this.startMs) * this.chipRateHz) / 8000)
                )
                this.fifoMin = Math.min(this.fifoMin, this.fifoBytes - sent)
                this.fifoMax = Math.max(this.fifoMax, this.fifoBytes - sent + data.length - 1)
            } else this.fifoMax = data.length - 1
            for (let i = 1; i < data.length; i++) this.wire.bits(data[i], 8)
            this.fifoBytes += data.length - 1
        } else if (this.fifoBytes > 0 && this.startMs < 0) {
            this.startMs = ds.millis()
        }
    }
}

function print(label: string, train: ChipTrain) {
    const hex = virtualRfDatagram(train).toString("hex")
    const parts = Math.idiv(hex.length + HEX_PER_LINE - 1, HEX_PER_LINE)
    for (let i = 0; i < parts; i++)
        console.log(
            "PBRF " + label + " " + (i + 1) + "/" + parts + " " + hex.slice(i * HEX_PER_LINE, (i + 1) * HEX_PER_LINE)
        )
}

/** Sends the page list through SpiRadioOutput at each target's slowest clock and prints what each wire carries. */
async function render(label: string, req: PageRequest, xcvr: Transceiver, carrierHz: number) {
    const targets = ["esp32", "esp32c3"]
    for (const target of targets) {
        await ds.sleep(0)
        const train = encodeTransmission([req])
        if (carrierHz) train.carrierHz = carrierHz
        const select = new StandInPin()
        const bus = new WireBus(select, train.chipRateHz, xcvr ? xcvr.fifoHeader : -1)
        const pins = {
            mosi: null as ds.OutputPin,
            sck: null as ds.OutputPin,
            enable: new StandInPin() as any as ds.OutputPin,
            select: select as any as ds.OutputPin,
            miso: null as ds.InputPin,
        }
        const minHz = target === "esp32" ? ESP32_MIN_SPI_HZ : ESP32C3_MIN_SPI_HZ
        await new SpiRadioOutput(pins, bus, minHz, () => xcvr).transmit(train)
        const w = bus.wire
        console.log(
            "PBWIRE " +
                label +
                "@" +
                target +
                " mosiBits=" +
                bus.mosiBits +
                " fifoBytes=" +
                bus.fifoBytes +
                " fifoMax=" +
                bus.fifoMax +
                " fifoMin=" +
                bus.fifoMin
        )
        print(label + "@" + target, {
            protocol: train.protocol,
            modulation: train.modulation,
            carrierHz: train.carrierHz,
            deviationHz: train.deviationHz,
            chipRateHz: train.chipRateHz,
            chips: w.buf,
            chipCount: w.count,
        })
    }
}

function page(protocol: string, systemId: number, pager: number, mode: string, message: string): PageRequest {
    return { protocol, systemId, pager, mode, message }
}

const OOK_MODULE: Transceiver = null
await render("t112-max", page("retekess-t112", 8191, 1023, "Vibe1", null), OOK_MODULE, 0)
await render("td157-ref", page("retekess-td157", 100, 23, "Flash30Sec", null), CC1101, 0)
await render("lrs-ref", page("lrs", 0, 17, "Flash30Sec", null), SX1278, 0)
await render("pocsag1200-alpha", page("pocsag1200", 3, 23, "Flash30Sec", "Table 12 ready"), SX1278, 0)
await render("pocsag512-numeric", page("pocsag512-numeric", 3, 23, "Vibe1", "911"), CC1101, 433920000)
await render("pocsag2400-alpha", page("pocsag2400", 25, 15, "Flash30Sec", "Your table is ready"), CC1101, 433920000)
ds.restart()
