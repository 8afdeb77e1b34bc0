import { ChipTrain } from "./chip-train"
import { ChipWriter } from "./chip-writer"
import { encodeLrs } from "./lrs"
import { findPageMode } from "./page-modes"
import { PocsagPage, encodePocsag, pocsagPagesThatFit } from "./pocsag/batches"
import { t7470Capcode } from "./pocsag/capcode"
import { POCSAG_TONE } from "./pocsag/message"
import {
    ENCODING_LRS,
    ENCODING_POCSAG,
    ENCODING_T112,
    ENCODING_T119,
    ENCODING_TD157,
    ENCODING_TD158,
    ENCODING_TD161,
    PageRequest,
    RadioProtocol,
    findProtocol,
} from "./protocols"
import { encodeT112 } from "./retekess/t112"
import { encodeT119 } from "./retekess/t119"
import { TD157_ACTION_CALL, encodeTD157 } from "./retekess/td157"
import { TD158_COMMAND_CALL, encodeTD158 } from "./retekess/td158"
import { TD161_FUNCTION_PAGE, encodeTD161 } from "./retekess/td161"
import { POCSAG_MAX_CODEWORDS } from "../limits"

// Validated page requests -> one transmission's chip train.

// LRS frames carry a 4-bit system/station field besides the restaurant (= T7470 system id);
// 1 is the default of both baycom/rps and the LRS serial transmitters (STNID,1).
export const LRS_STATION = 1

function protocolOf(reqs: PageRequest[]): RadioProtocol {
    const p = reqs.length > 0 ? findProtocol(reqs[0].protocol) : null
    if (!p) throw new Error("no page or unknown protocol")
    for (const r of reqs) if (r.protocol !== p.name) throw new Error("one transmission carries one protocol")
    if (reqs.length > 1 && !p.batchable) throw new Error(p.name + " sends one page per transmission")
    return p
}

function modeOf(req: PageRequest) {
    const m = findPageMode(req.mode)
    if (!m) throw new Error("unknown page mode " + req.mode)
    return m
}

function pocsagPages(p: RadioProtocol, reqs: PageRequest[]): PocsagPage[] {
    const pages: PocsagPage[] = []
    for (const r of reqs) {
        const text = r.message || ""
        pages.push({
            capcode: t7470Capcode(r.systemId, r.pager),
            func: modeOf(r).pocsagFunction,
            kind: text.length > 0 ? p.messageKind : POCSAG_TONE,
            text,
        })
    }
    return pages
}

function encodeChips(p: RadioProtocol, reqs: PageRequest[]): ChipWriter {
    const r = reqs[0]
    switch (p.encoding) {
        case ENCODING_T112:
            modeOf(r)
            return encodeT112(r.systemId, r.pager, 0)
        case ENCODING_T119:
            modeOf(r)
            return encodeT119(r.systemId, r.pager, 0)
        case ENCODING_TD157:
            modeOf(r)
            return encodeTD157(r.systemId, r.pager, TD157_ACTION_CALL)
        case ENCODING_TD158:
            modeOf(r)
            return encodeTD158(r.systemId, r.pager, TD158_COMMAND_CALL)
        case ENCODING_TD161:
            modeOf(r)
            return encodeTD161(r.systemId, r.pager, TD161_FUNCTION_PAGE)
        case ENCODING_LRS:
            return encodeLrs(r.systemId, LRS_STATION, r.pager, modeOf(r).lrsAlert)
        case ENCODING_POCSAG:
            return encodePocsag(pocsagPages(p, reqs))
        default:
            throw new Error("no encoder for " + p.name)
    }
}

/** One transmission for pages that validatePage accepted and batchSize put together. */
export function encodeTransmission(reqs: PageRequest[]): ChipTrain {
    const p = protocolOf(reqs)
    const w = encodeChips(p, reqs)
    return {
        protocol: p.name,
        modulation: p.modulation,
        carrierHz: p.carrierHz,
        deviationHz: p.deviationHz,
        chipRateHz: p.chipRateHz,
        chips: w.buf,
        chipCount: w.count,
    }
}

/**
 * How many of the waiting pages, from the first, go in the next transmission: the first always; for a batchable
 * protocol also every page after it of the same protocol while the transmission stays within POCSAG_MAX_CODEWORDS.
 * One framing pass over the pages (adding them one at a time and recounting each time took 20 pages past the VM's
 * opcode budget for one slice).
 */
export function batchSize(waiting: PageRequest[]): number {
    if (waiting.length === 0) return 0
    const p = findProtocol(waiting[0].protocol)
    if (!p || !p.batchable) return 1
    let run = 1
    while (run < waiting.length && waiting[run].protocol === p.name) run++
    return Math.max(1, pocsagPagesThatFit(pocsagPages(p, waiting.slice(0, run)), POCSAG_MAX_CODEWORDS))
}
