import { FORMAT_JSON } from "../coap/constants"
import { BodyWriter, Reply } from "../coap/resource"
import { formatIso } from "../sessions/isotime"
import { ApiContext } from "./context"

// The T7470 response envelope. It comes first and has a fixed length for a given sequence number (the timestamp is
// always 19 characters), so the later blocks of a Block2 transfer do not shift when the clock ticks between blocks.

/** Writes `{"responseTypes":[...],"globalSessionSequence":..,"timestamp":..,"deviceName":..,"firmwareVersion":..` */
function writeEnvelope(out: BodyWriter, ctx: ApiContext, types: string[]) {
    out.write(
        '{"responseTypes":["' +
            types.join('","') +
            '"],"globalSessionSequence":' +
            ctx.store.sequence() +
            ',"timestamp":"' +
            formatIso(ctx.clock.now()) +
            '","deviceName":"' +
            ctx.deviceName +
            '","firmwareVersion":"' +
            ctx.firmwareVersion +
            '"'
    )
}

/** A JSON reply: the envelope with `types`, then what `fields` writes (each field starting with ","), then "}". */
export function envelopeReply(
    ctx: ApiContext,
    code: number,
    types: string[],
    etag: Buffer,
    fields: (out: BodyWriter) => void
): Reply {
    return {
        code,
        format: FORMAT_JSON,
        etag,
        body: out => {
            writeEnvelope(out, ctx, types)
            if (fields) fields(out)
            out.write("}")
        },
    }
}
