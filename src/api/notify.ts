import { CODE_CONTENT, CODE_GET, FORMAT_JSON } from "../coap/constants"
import { Observer } from "../coap/observe"
import { queryValue } from "../coap/options"
import { Resource } from "../coap/resource"
import { Reply } from "../coap/exchange"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { writeSessionsView } from "./render"
import { settingsReply } from "./settings"
import { sessionsListReply } from "./sessions"

// GET /v1/notify with Observe=0 (docs/api.md 6). The registration answers with the active sessions when asked
// with ?action=get_sessions, else with a ping. Then, confirmable notifications:
//   sessions  the sessions that changed since the observer's last notification, oldest change first, plus the
//             statistics (several changes acknowledged late arrive together: the newest state wins)
//   settings  the same body as GET /v1/settings, after a settings change
//   ping      every settings.notifyPingSeconds (30 by default); an observer that leaves three unanswered is dropped
// A retransmission is the same kind of notification rendered again: the sessions changed since the unacknowledged
// one's start (its sessions in their newest state, and any changed since), the settings, or a ping.

/** Observer.inFlight for a notification that is not a sessions one (those hold the sequence they start after). */
const IN_FLIGHT_SETTINGS = -1
const IN_FLIGHT_PING = -2

export function notifyResource(ctx: ApiContext): Resource {
    return {
        path: "v1/notify",
        methods: [CODE_GET],
        format: FORMAT_JSON,
        rt: "pager.notify",
        ifDesc: "core.s",
        handle: req => {
            const sessions = queryValue(req.msg, "action") === "get_sessions"
            return sessions ? sessionsListReply(ctx) : pingReply(ctx)
        },
        observable: {
            start: obs => {
                obs.seen = ctx.store.sequence
                obs.seenOther = ctx.settings.version
            },
            next: obs => {
                if (obs.seen !== ctx.store.sequence) return changedSessions(ctx, obs, obs.seen)
                if (obs.seenOther !== ctx.settings.version) return settingsNotification(ctx, obs)
                return null
            },
            ping: obs => {
                obs.inFlight = IN_FLIGHT_PING
                return pingReply(ctx)
            },
            again: obs => {
                if (obs.inFlight >= 0) return changedSessions(ctx, obs, obs.inFlight)
                return obs.inFlight === IN_FLIGHT_SETTINGS ? settingsNotification(ctx, obs) : pingReply(ctx)
            },
        },
    }
}

/** The sessions changed after sequence `since`, oldest change first. */
function changedSessions(ctx: ApiContext, obs: Observer, since: number): Reply {
    const store = ctx.store
    obs.inFlight = since
    obs.seen = store.sequence
    const slots = store.changedSince(since)
    return envelopeReply(ctx, CODE_CONTENT, ["sessions", "statistics"], null, out =>
        writeSessionsView(out, store, slots)
    )
}

function settingsNotification(ctx: ApiContext, obs: Observer): Reply {
    obs.inFlight = IN_FLIGHT_SETTINGS
    obs.seenOther = ctx.settings.version
    return settingsReply(ctx, CODE_CONTENT)
}

function pingReply(ctx: ApiContext): Reply {
    return envelopeReply(ctx, CODE_CONTENT, ["ping"], null, null)
}
