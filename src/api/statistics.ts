import { CODE_CONTENT, CODE_DELETE, CODE_DELETED, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Resource, emptyReply } from "../coap/resource"
import { ApiContext } from "./context"
import { writeEnvelope } from "./envelope"
import { statisticsJson } from "./render"

// /v1/sessions/statistics (t7470-api.md 4.9): the running figures; DELETE resets them (2.02).
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
            return {
                code: CODE_CONTENT,
                format: FORMAT_JSON,
                etag: null,
                body: out => {
                    writeEnvelope(out, ctx, ["statistics"])
                    out.write(',"statistics":' + statisticsJson(ctx.store.statistics) + "}")
                },
            }
        },
    }
}
