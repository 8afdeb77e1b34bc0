import { CODE_CONTENT, CODE_DELETE, CODE_DELETED, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { Reply, emptyReply } from "../coap/exchange"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { writeSessionArray } from "./render"
import { sequenceEtag } from "./etag"
import { storeObservable } from "./observables"

// /v1/sessions/history (docs/api.md 3.3, 4): finished sessions, oldest first; DELETE forgets them (2.02).
export function historyResource(ctx: ApiContext): Resource {
    return {
        path: "v1/sessions/history",
        methods: [CODE_GET, CODE_DELETE],
        format: FORMAT_JSON,
        rt: "pager.history",
        ifDesc: "core.b",
        handle: req => {
            if (req.method === CODE_DELETE) {
                ctx.store.clearHistory()
                return emptyReply(CODE_DELETED)
            }
            return historyReply(ctx, req.at)
        },
        observable: storeObservable(ctx.store, () => historyReply(ctx)),
    }
}

/** The finished sessions as of `at` (Request.at; now when left out), with the sequence as ETag. */
function historyReply(ctx: ApiContext, at?: number): Reply {
    return envelopeReply(
        ctx,
        CODE_CONTENT,
        ["session_history"],
        sequenceEtag(ctx.store.sequence),
        out => writeSessionArray(out, "session_history", ctx.store, ctx.store.historySlots()),
        at
    )
}
