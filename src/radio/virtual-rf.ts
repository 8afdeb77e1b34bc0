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
 * The datagram behind `peer` (a peer header, docs/udp-contract.md; empty for the bare datagram), in one allocation
 * of the frame's size: the train is already on the heap, and each copy of its chips on the way (a slice, a concat, the
 * peer header put in front) took its size again, which a flood of pages ran out of (docs/architecture.md "Heap").
 */
export function virtualRfDatagram(train: ChipTrain, module: number, peer: Buffer): Buffer {
    const name = train.protocol
    const chips = (train.chipCount + 7) >> 3
    const at = peer.length
    const frame = Buffer.alloc(at + HEADER_BYTES + name.length + chips)
    frame.blitAt(0, peer, 0, at)
    frame.blitAt(at, "PBRF", 0, 4)
    frame[at + 4] = VIRTUAL_RF_VERSION
    frame[at + 5] = train.modulation
    putU32BE(frame, at + 6, train.carrierHz)
    putU32BE(frame, at + 10, train.chipRateHz)
    putU32BE(frame, at + 14, train.chipCount)
    putU32BE(frame, at + 18, train.deviationHz)
    frame[at + 22] = module
    frame[at + 23] = name.length
    frame.blitAt(at + HEADER_BYTES, name, 0, name.length)
    frame.blitAt(at + HEADER_BYTES + name.length, train.chips, 0, chips)
    return frame
}
