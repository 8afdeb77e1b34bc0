import { CODE_CONTENT, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { Field } from "../sessions/record"

// GET /v1/quote (our extension, not in the T7470 API; README "Quoted wait"): the wait to tell the next guest. The
// evening's average wait (the default goal before anyone was served), or longer when the guest at the head of the
// queue has already waited longer than that: the queue is running behind.
export function quoteResource(ctx: ApiContext): Resource {
    return {
        path: "v1/quote",
        methods: [CODE_GET],
        format: FORMAT_JSON,
        rt: "pager.quote",
        ifDesc: "core.rp",
        handle: () => {
            const store = ctx.store
            const stats = store.statistics
            let wait = stats.guestsServed ? stats.averageTimeServed() : ctx.settings.values.defaultTargetGoal
            const now = ctx.clock.now()
            let waiting = 0
            const active = store.activeSlots()
            for (let i = 0; i < active.length; ++i)
                if (store.state(active[i]) === "started") {
                    waiting++
                    wait = Math.max(wait, now - store.field(active[i], Field.Created))
                }
            return envelopeReply(ctx, CODE_CONTENT, ["quote"], null, out =>
                out.write(',"quote":{"waitSeconds":' + wait + ',"waiting":' + waiting + "}")
            )
        },
    }
}
