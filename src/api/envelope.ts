import * as ds from "@devicescript/core"
import { FORMAT_JSON } from "../coap/constants"
import { BodyWriter, Reply } from "../coap/exchange"
import { formatIso } from "../clock/isotime"
import { ApiContext } from "./context"

// The T7470 response envelope. It comes first and has a fixed length for a given sequence number (the timestamp is
// always 19 characters), so the later blocks of a Block2 transfer do not shift when the clock ticks between blocks;
// and its timestamp is of the moment the reply is of (Request.at: a transfer's first block), so they agree on it.

/** Writes `{"responseTypes":[...],"globalSessionSequence":..,"timestamp":..,"deviceName":..,"firmwareVersion":..` */
function writeEnvelope(out: BodyWriter, ctx: ApiContext, types: string[], at: number) {
    out.write(
        '{"responseTypes":["' +
            types.join('","') +
            '"],"globalSessionSequence":' +
            ctx.store.sequence +
            ',"timestamp":"' +
            formatIso(ctx.clock.at(at)) +
            '","deviceName":"' +
            ctx.deviceName +
            '","firmwareVersion":"' +
            ctx.firmwareVersion +
            '"'
    )
}

/**
 * A JSON reply: the envelope with `types`, then what `fields` writes (each field starting with ","), then "}". `at`
 * is the moment it is of (Request.at, a ds.millis() value).
 */
export function envelopeReply(
    ctx: ApiContext,
    code: number,
    types: string[],
    etag: Buffer,
    fields: (out: BodyWriter) => void,
    at = ds.millis()
): Reply {
    return {
        code,
        format: FORMAT_JSON,
        etag,
        body: out => {
            writeEnvelope(out, ctx, types, at)
            if (fields) fields(out)
            out.write("}")
        },
    }
}
