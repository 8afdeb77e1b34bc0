import { MODULATION_FSK, MODULATION_OOK } from "./chip-train"
import { DEFAULT_GUEST_MODE, findPageMode } from "./page-modes"
import { CAPCODE_SYSTEM_MAX, capcodePagerMax } from "./pocsag/capcode"
import { POCSAG_ALPHA, POCSAG_NUMERIC, POCSAG_TONE, firstUnencodable } from "./pocsag/message"
import { T112_CHIP_RATE_HZ } from "./retekess/t112"
import { T119_CHIP_RATE_HZ } from "./retekess/t119"
import { TD157_CHIP_RATE_HZ } from "./retekess/td157"
import { TD158_CHIP_RATE_HZ } from "./retekess/td158"
import { TD161_CHIP_RATE_HZ } from "./retekess/td161"
import { LRS_CHIP_RATE_HZ } from "./lrs"

// Every protocol the base can send, with the ranges a page request must respect.

export const ENCODING_T112 = 1
export const ENCODING_T119 = 2
export const ENCODING_TD157 = 3
export const ENCODING_TD158 = 4
export const ENCODING_TD161 = 5
export const ENCODING_POCSAG = 6
export const ENCODING_LRS = 7

export const MESSAGE_NONE = POCSAG_TONE

export interface RadioProtocol {
    name: string
    encoding: number
    modulation: number
    carrierHz: number
    /** 2-FSK deviation; 0 for OOK */
    deviationHz: number
    chipRateHz: number
    systemMin: number
    systemMax: number
    pagerMin: number
    pagerMax: number
    /** MESSAGE_NONE (message ignored: the pager has no display), POCSAG_NUMERIC or POCSAG_ALPHA */
    messageKind: number
    messageMax: number
    defaultMode: string
    /** several pages may share one transmission */
    batchable: boolean
}

export interface PageRequest {
    protocol: string
    systemId: number
    pager: number
    mode: string
    message: string | null
}

const OOK_433 = 433920000
// T7470 / LRS US channel (docs/api.md 7.1); a deployment may need another (docs/radio-protocols.md 1.4).
const LRS_CARRIER = 467750000
// ±4.5 kHz is the POCSAG deviation (docs/radio-protocols.md 3.1). LRS sources disagree (3.5, 5.2, 15 kHz); 3.5 kHz is
// baycom/rps's, the one proven with a transceiver (docs/radio-protocols.md 1.3, open question 1).
const POCSAG_DEVIATION_HZ = 4500
const LRS_DEVIATION_HZ = 3500
// Serial LRS transmitters accept alpha messages up to 200 characters (docs/api.md 8).
const MESSAGE_MAX = 200

function retekess(
    name: string,
    encoding: number,
    chipRateHz: number,
    systemMax: number,
    pagerMax: number
): RadioProtocol {
    return {
        name,
        encoding,
        modulation: MODULATION_OOK,
        carrierHz: OOK_433,
        deviationHz: 0,
        chipRateHz,
        systemMin: 0,
        systemMax,
        pagerMin: 0,
        pagerMax,
        messageKind: MESSAGE_NONE,
        messageMax: 0,
        defaultMode: DEFAULT_GUEST_MODE,
        batchable: false,
    }
}

function pocsag(name: string, messageKind: number, rate: number): RadioProtocol {
    return {
        name,
        encoding: ENCODING_POCSAG,
        modulation: MODULATION_FSK,
        carrierHz: LRS_CARRIER,
        deviationHz: POCSAG_DEVIATION_HZ,
        chipRateHz: rate,
        systemMin: 0,
        systemMax: CAPCODE_SYSTEM_MAX,
        pagerMin: 0,
        pagerMax: capcodePagerMax(0),
        messageKind,
        messageMax: MESSAGE_MAX,
        defaultMode: DEFAULT_GUEST_MODE,
        batchable: true,
    }
}

/**
 * Every protocol's name, in the order protocolAt() builds them. Only the names live in RAM: a protocol's record is
 * made when asked for (a table of twelve 15-field objects held ~3 KB of the 64 KB heap, README "Memory").
 */
export const PROTOCOL_NAMES = [
    "retekess-t112",
    "retekess-t119",
    "retekess-td157",
    "retekess-td158",
    "retekess-td161",
    "pocsag512",
    "pocsag1200",
    "pocsag2400",
    "pocsag512-numeric",
    "pocsag1200-numeric",
    "pocsag2400-numeric",
    "lrs",
]

/** The protocol PROTOCOL_NAMES[i] names. */
function protocolAt(i: number): RadioProtocol {
    const name = PROTOCOL_NAMES[i]
    if (i === 0) return retekess(name, ENCODING_T112, T112_CHIP_RATE_HZ, 8191, 1023)
    if (i === 1) return retekess(name, ENCODING_T119, T119_CHIP_RATE_HZ, 8191, 1023)
    if (i === 2) return retekess(name, ENCODING_TD157, TD157_CHIP_RATE_HZ, 1023, 1023)
    if (i === 3) return retekess(name, ENCODING_TD158, TD158_CHIP_RATE_HZ, 1023, 1023)
    if (i === 4) return retekess(name, ENCODING_TD161, TD161_CHIP_RATE_HZ, 999, 999)
    if (i < 11) return pocsag(name, i < 8 ? POCSAG_ALPHA : POCSAG_NUMERIC, [512, 1200, 2400][(i - 5) % 3])
    return {
        name,
        encoding: ENCODING_LRS,
        modulation: MODULATION_FSK,
        carrierHz: LRS_CARRIER,
        deviationHz: LRS_DEVIATION_HZ,
        chipRateHz: LRS_CHIP_RATE_HZ,
        systemMin: 0,
        systemMax: 255,
        pagerMin: 0,
        pagerMax: 4095,
        messageKind: MESSAGE_NONE,
        messageMax: 0,
        defaultMode: DEFAULT_GUEST_MODE,
        batchable: false,
    }
}

export const DEFAULT_PROTOCOL = "retekess-t112"

export function findProtocol(name: string): RadioProtocol | null {
    const i = PROTOCOL_NAMES.indexOf(name)
    return i < 0 ? null : protocolAt(i)
}

function isIntIn(v: number, lo: number, hi: number) {
    return typeof v === "number" && Math.floor(v) === v && v >= lo && v <= hi
}

/** Null if the request can be sent; else the offending PageRequest field and why (API: 4.00). */
export function validatePage(req: PageRequest): { field: string; error: string } | null {
    const p = findProtocol(req.protocol)
    if (!p) return { field: "protocol", error: "unknown radio protocol " + req.protocol }
    if (!isIntIn(req.systemId, p.systemMin, p.systemMax))
        return { field: "systemId", error: p.name + " system ids are " + p.systemMin + ".." + p.systemMax }
    const pagerMax = p.encoding === ENCODING_POCSAG ? capcodePagerMax(req.systemId) : p.pagerMax
    if (!isIntIn(req.pager, p.pagerMin, pagerMax))
        return {
            field: "pager",
            error: p.name + " pager numbers are " + p.pagerMin + ".." + pagerMax + " (system " + req.systemId + ")",
        }
    if (typeof req.mode !== "string" || !findPageMode(req.mode))
        return { field: "mode", error: "unknown page mode " + req.mode }
    const text = req.message
    if (text !== null && text !== undefined && p.messageKind !== MESSAGE_NONE) {
        if (typeof text !== "string") return { field: "message", error: "message must be a string" }
        if (text.length > p.messageMax)
            return { field: "message", error: p.name + " messages are at most " + p.messageMax + " characters" }
        const bad = firstUnencodable(p.messageKind, text)
        if (bad >= 0)
            return {
                field: "message",
                error:
                    (p.messageKind === POCSAG_NUMERIC
                        ? "numeric pages carry only 0-9, space, U, -, [ and ]"
                        : "alpha pages carry only 7-bit ASCII") +
                    "; bad character at " +
                    bad,
            }
    }
    return null
}
