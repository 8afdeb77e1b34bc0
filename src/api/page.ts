import { CODE_CHANGED, CODE_POST, CODE_SERVICE_UNAVAILABLE, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { errorReply } from "../coap/errors"
import { jsonQuote } from "../json/quote"
import { ApiContext } from "./context"
import { NO_INT, Null, Presence, readFields } from "./fields"
import { envelopeReply } from "./envelope"
import { MESSAGE_MAX_BYTES, fieldError } from "./sessions"

// POST /v1/page (docs/api.md 4, 8): page a pager without a session. 2.04 with what was queued; the T7470 documents
// no body, but its samples parse every reply as JSON, so there is one.
export function pageResource(ctx: ApiContext): Resource {
    return {
        path: "v1/page",
        methods: [CODE_POST],
        format: FORMAT_JSON,
        rt: "pager.page",
        ifDesc: "core.a",
        // The radio queue is not kept in flash: a page waits for no commit.
        neverCommits: true,
        handle: req => {
            const f = readFields(req.payload, ["number", "pageMode", "message", "systemId"])
            const number = f.int("number", 0, 65535, NO_INT, Presence.Required)
            const pageMode = f.text("pageMode", 32, Null.Refused, ctx.pager.defaultMode())
            const message = f.text("message", MESSAGE_MAX_BYTES, Null.Allowed, null)
            const systemId = f.int("systemId", 0, 65535, ctx.settings.values.systemId)
            if (!f.error) {
                const problem = ctx.pager.check({ number, systemId, pageMode, message })
                if (problem) f.fail(problem.field, problem.error)
            }
            if (f.error) return fieldError(f.error)
            const refused = ctx.pager.ready()
            if (refused) return errorReply(CODE_SERVICE_UNAVAILABLE, refused, null)
            ctx.pager.send({ number, systemId, pageMode, message })
            return envelopeReply(ctx, CODE_CHANGED, ["page"], null, out => {
                out.write(',"page":{"number":' + number + ',"systemId":' + systemId)
                out.write(',"pageMode":' + jsonQuote(pageMode))
                out.write(',"message":' + (message === null ? "null" : jsonQuote(message)) + "}")
            })
        },
    }
}
