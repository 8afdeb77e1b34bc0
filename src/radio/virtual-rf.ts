import { ChipTrain } from "./chip-train"

// The simulator's "virtual RF" datagram, one per transmission, all fields big-endian:
// "PBRF" | version u8 = 1 | modulation u8 | carrier Hz u32 | chip rate Hz u32 | chip count u32 |
// name length u8 | protocol name (ASCII) | chips packed MSB-first.

export const VIRTUAL_RF_VERSION = 1

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
export function virtualRfDatagram(train: ChipTrain): Buffer {
    const name = train.protocol
    const chips = (train.chipCount + 7) >> 3
    const datagram = Buffer.alloc(19 + name.length + chips)
    datagram.blitAt(0, "PBRF", 0, 4)
    datagram[4] = VIRTUAL_RF_VERSION
    datagram[5] = train.modulation
    putU32BE(datagram, 6, train.carrierHz)
    putU32BE(datagram, 10, train.chipRateHz)
    putU32BE(datagram, 14, train.chipCount)
    datagram[18] = name.length
    datagram.blitAt(19, name, 0, name.length)
    datagram.blitAt(19 + name.length, train.chips, 0, chips)
    return datagram
}
