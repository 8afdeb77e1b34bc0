import * as ds from "@devicescript/core"
import { CODE_CONTENT, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { BodyWriter } from "../coap/exchange"
import { Transmitter } from "../radio/index"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { formatIso } from "../clock/isotime"
import { jsonQuote } from "../json/quote"

/** What the status shows of the CoAP server (CoapServer has it); an interface keeps the server out of the API. */
export interface CoapCounts {
    /** Its observers (RFC 7641): how many are registered. */
    notifications: { count(): number }
    /** Requests whose responses are cached for deduplication. */
    dedup: { size(): number }
}

// GET /v1/status (our extension): what the base is doing: radio queue and airtime, the fixed tables' fill, the ring,
// uptime, whether the clock was set since boot and by what (SNTP's last sync and problem).
export function statusResource(ctx: ApiContext, server: CoapCounts, transmitter: Transmitter): Resource {
    return {
        path: "v1/status",
        methods: [CODE_GET],
        format: FORMAT_JSON,
        rt: "pager.status",
        ifDesc: "core.rp",
        handle: () =>
            envelopeReply(ctx, CODE_CONTENT, ["status"], null, out => {
                const q = transmitter.queue
                out.write(',"status":{"uptimeSeconds":' + Math.floor(ds.millis() / 1000))
                out.write(',"clockSet":' + ctx.clock.isSet() + ',"locked":' + !!(ctx.access.stored[0] & 2))
                writeClock(out, ctx)
                out.write(',"sessions":{"active":' + ctx.store.activeSlots().length)
                out.write(',"history":' + ctx.store.historySlots().length + ',"capacity":' + ctx.store.slots + "}")
                out.write(',"radio":{"protocol":"' + ctx.settings.values.radioProtocol)
                out.write('","module":"' + ctx.radioModule.value + '","queued":' + q.size())
                out.write(',"queueCapacity":' + q.capacity + ',"onAir":' + q.onAir)
                out.write(',"transmissions":' + q.transmissions + ',"airtimeMs":' + q.airtimeMs + "}")
                out.write(
                    ',"coap":{"observers":' + server.notifications.count() + ',"dedupEntries":' + server.dedup.size()
                )
                out.write("}}")
            }),
    }
}

/** `"clock":{"source":..,"sntpServer":..,"lastSync":..,"lastError":..}`; null for what has not happened. */
function writeClock(out: BodyWriter, ctx: ApiContext) {
    const sntp = ctx.sntp
    // Compared with 0: the VM reads a time beyond 2^31 (after 2038) as falsy.
    const lastSync = sntp.lastSync !== 0 ? '"' + formatIso(sntp.lastSync) + '"' : "null"
    out.write(',"clock":{"source":"' + ctx.clock.source + '","sntpServer":' + jsonQuote(sntp.settings.server))
    const lastError = sntp.lastError === null ? "null" : jsonQuote(sntp.lastError)
    out.write(',"lastSync":' + lastSync + ',"lastError":' + lastError + "}")
}
