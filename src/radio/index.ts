// The radio side: page requests -> chip trains -> queue -> output (a virtual RF datagram to 0.0.0.0:0, which the
// ESP32's extension puts on air and the simulator hands to its RF monitor). The integrator's entry point.
export { ChipTrain, MODULATION_FSK, MODULATION_OOK, airtimeMs } from "./chip-train"
export { DEFAULT_PROTOCOL, PROTOCOL_NAMES, PageRequest, RadioProtocol, findProtocol, validatePage } from "./protocols"
export { PAGE_MODES, PageMode, DEFAULT_GUEST_MODE, findPageMode } from "./page-modes"
export { encodeTransmission, batchSize } from "./transmission"
export { virtualRfDatagram } from "./virtual-rf"
export { TransmitQueue } from "./queue"
export { RadioOutput } from "./radio-output"
export { VirtualRfOutput } from "./virtual-rf-output"
export { Transmitter, PageRejection } from "./transmitter"
