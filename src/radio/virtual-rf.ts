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

export function virtualRfDatagram(train: ChipTrain): Buffer {
    const name = Buffer.from(train.protocol)
    const head = Buffer.alloc(19)
    head.blitAt(0, "PBRF", 0, 4)
    head[4] = VIRTUAL_RF_VERSION
    head[5] = train.modulation
    putU32BE(head, 6, train.carrierHz)
    putU32BE(head, 10, train.chipRateHz)
    putU32BE(head, 14, train.chipCount)
    head[18] = name.length
    return Buffer.concat(head, name, train.chips.slice(0, (train.chipCount + 7) >> 3))
}
