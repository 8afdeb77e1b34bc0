import { ChipTrain } from "./chip-train"

// The virtual RF datagram, one per transmission, sent to the peer 0.0.0.0:0: the simulator's monitor receives it,
// the ESP32's extension puts it on air (boards/esp32/udp/rf_train.h, docs/udp-contract.md "Virtual RF"). All fields
// big-endian:
// "PBRF" | version u8 = 2 | modulation u8 | carrier Hz u32 | chip rate Hz u32 | chip count u32 | deviation Hz u32 |
// module u8 (RADIO_MODULES' index) | name length u8 | protocol name (ASCII) | chips packed MSB-first.

export const VIRTUAL_RF_VERSION = 2
const HEADER_BYTES = 24

function putU32BE(b: Buffer, at: number, v: number) {
    b[at] = (v >>> 24) & 0xff
    b[at + 1] = (v >>> 16) & 0xff
    b[at + 2] = (v >>> 8) & 0xff
    b[at + 3] = v & 0xff
}

/**
 * One allocation of the datagram's size: the train is already on the heap, and a copy of its chips on the way (slice,
 * then concat) took twice its size again, which a flood of pages in the simulator ran out of (docs/architecture.md
 * "Heap"). The endpoint's frame is still one more copy (main.ts puts the peer header in front): writing the datagram
 * after the header here cost ~50 bytes of bytecode the image does not have.
 */
export function virtualRfDatagram(train: ChipTrain, module: number): Buffer {
    const name = train.protocol
    const chips = (train.chipCount + 7) >> 3
    const datagram = Buffer.alloc(HEADER_BYTES + name.length + chips)
    datagram.blitAt(0, "PBRF", 0, 4)
    datagram[4] = VIRTUAL_RF_VERSION
    datagram[5] = train.modulation
    putU32BE(datagram, 6, train.carrierHz)
    putU32BE(datagram, 10, train.chipRateHz)
    putU32BE(datagram, 14, train.chipCount)
    putU32BE(datagram, 18, train.deviationHz)
    datagram[22] = module
    datagram[23] = name.length
    datagram.blitAt(HEADER_BYTES, name, 0, name.length)
    datagram.blitAt(HEADER_BYTES + name.length, train.chips, 0, chips)
    return datagram
}
