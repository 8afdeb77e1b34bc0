import { CODE_CONTENT, CODE_DELETE, CODE_DELETED, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { emptyReply } from "../coap/exchange"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { statisticsJson } from "./render"

// /v1/sessions/statistics (docs/api.md 3.1, 4): the running figures; DELETE resets them (2.02).
export function statisticsResource(ctx: ApiContext): Resource {
    return {
        path: "v1/sessions/statistics",
        methods: [CODE_GET, CODE_DELETE],
        format: FORMAT_JSON,
        rt: "pager.statistics",
        ifDesc: "core.rp",
        handle: req => {
            if (req.method === CODE_DELETE) {
                ctx.store.resetStatistics(ctx.clock.now())
                return emptyReply(CODE_DELETED)
            }
            return envelopeReply(ctx, CODE_CONTENT, ["statistics"], null, out =>
                out.write(',"statistics":' + statisticsJson(ctx.store.statistics))
            )
        },
    }
}
