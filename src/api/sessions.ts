import {
    CODE_BAD_REQUEST,
    CODE_CHANGED,
    CODE_CONTENT,
    CODE_CREATED,
    CODE_DELETE,
    CODE_DELETED,
    CODE_GET,
    CODE_NOT_FOUND,
    CODE_POST,
    CODE_PUT,
    CODE_SERVICE_UNAVAILABLE,
    FORMAT_JSON,
} from "../coap/constants"
import { queryValue } from "../coap/options"
import { Resource } from "../coap/resource"
import { Reply, Request, emptyReply } from "../coap/exchange"
import { errorReply } from "../coap/errors"
import { ClearType, LABEL_MAX_BYTES, Field } from "../sessions/record"
import { Label, UNCHANGED } from "../sessions/store"
import { ApiContext } from "./context"
import { FieldError, NO_INT, Null, Presence, readFields } from "./fields"
import { checkQuery, queryInt } from "./query"
import { envelopeReply } from "./envelope"
import { writeSessionArray, writeSessionsView } from "./render"
import { sequenceEtag } from "./etag"
import { storeObservable } from "./observables"

// /v1/sessions: the waiting list (docs/api.md 3.2, 4).
//   POST              create (2.01); a number that already has an active session is updated instead and
//                     answered 2.00, the code the T7470's own client example expects for "already exists"
//   GET               every active session + statistics, with an ETag (2.03 when unchanged)
//   GET ?number=N     one active session
//   PUT ?number=N     update fields and/or act (page, clear, remove): 2.04
//   DELETE ?number=N  remove one (2.02); DELETE without number removes every active session

/** 2.00: the generic success code (RFC 7252 §5.9), answered by POST for an existing session. */
const CODE_SUCCESS = 0x40
export const GOAL_MAX = 86400
export const PARTY_MAX = 999
export const MESSAGE_MAX_BYTES = 80
const ACTIONS = ["page", "clear", "remove"]
const BODY_KEYS = ["number", "goal", "label", "partySize", "action", "pageMode", "message"]

export function sessionsResource(ctx: ApiContext): Resource {
    return {
        path: "v1/sessions",
        methods: [CODE_GET, CODE_POST, CODE_PUT, CODE_DELETE],
        format: FORMAT_JSON,
        rt: "pager.sessions",
        ifDesc: "core.b",
        handle: req => handle(ctx, req),
        observable: storeObservable(ctx.store, obs => observedView(ctx, obs.query)),
        etagOf: req => {
            const number = req.method === CODE_POST ? bodyNumber(req) : queryInt(queryValue(req.msg, "number") || "")
            const slot = number < 0 ? -1 : ctx.store.findActive(number)
            return slot < 0 ? null : sequenceEtag(ctx.store.field(slot, Field.Sequence))
        },
    }
}

function handle(ctx: ApiContext, req: Request): Reply {
    const badQuery = checkQuery(req.msg, ["number"])
    if (badQuery) return fieldError(badQuery)
    const numberText = queryValue(req.msg, "number")
    let slot = -1
    if (numberText !== null) {
        const number = queryInt(numberText)
        if (number < 0) return errorReply(CODE_BAD_REQUEST, "must be a non-negative integer", "number")
        slot = ctx.store.findActive(number)
        if (slot < 0) return notFound(number)
    } else if (req.method === CODE_PUT) {
        return errorReply(CODE_BAD_REQUEST, "required", "number")
    }
    if (req.method === CODE_GET) return slot < 0 ? sessionsListReply(ctx, req.at) : one(ctx, slot)
    if (req.method === CODE_DELETE) {
        if (slot >= 0) ctx.store.finish(slot, ctx.clock.now(), ClearType.Removed)
        else ctx.store.finishAll(ctx.clock.now(), ClearType.Removed)
        return emptyReply(CODE_DELETED)
    }
    return change(ctx, req, slot)
}

/** The active sessions and statistics as of `at` (Request.at; now when left out), with the sequence as ETag. */
export function sessionsListReply(ctx: ApiContext, at?: number): Reply {
    return envelopeReply(
        ctx,
        CODE_CONTENT,
        ["sessions", "statistics"],
        sequenceEtag(ctx.store.sequence),
        out => writeSessionsView(out, ctx.store, ctx.store.activeSlots()),
        at
    )
}

/** What an observer of /v1/sessions is sent: the list, or its one session while that stays active. */
function observedView(ctx: ApiContext, query: string): Reply {
    // A match that starts before index 1 (indexOf's end position): startsWith without the library's function.
    if (query.indexOf("number=", 0, 1) < 0) return sessionsListReply(ctx)
    const slot = ctx.store.findActive(queryInt(query.slice(7)))
    return slot < 0 ? null : one(ctx, slot)
}

function one(ctx: ApiContext, slot: number): Reply {
    return envelopeReply(ctx, CODE_CONTENT, ["sessions"], null, out =>
        writeSessionArray(out, "sessions", ctx.store, Buffer.from([slot]))
    )
}

/** The reply to a change: the session as it is now, plus statistics. */
function changed(ctx: ApiContext, code: number, slot: number): Reply {
    return envelopeReply(ctx, code, ["sessions", "statistics"], null, out =>
        writeSessionsView(out, ctx.store, Buffer.from([slot]))
    )
}

/** POST (slot = existing active session or -1) and PUT (slot = the session named by ?number=). */
function change(ctx: ApiContext, req: Request, slot: number): Reply {
    const f = readFields(req.payload, BODY_KEYS)
    const isPost = req.method === CODE_POST
    const number = isPost
        ? f.int("number", 0, 65535, NO_INT, Presence.Required)
        : f.int("number", 0, 65535, ctx.store.field(slot, Field.Number))
    if (!isPost && number !== ctx.store.field(slot, Field.Number))
        f.fail("number", "differs from the ?number= of the request")
    const goal = f.int("goal", 0, GOAL_MAX, UNCHANGED)
    const partySize = f.int("partySize", 1, PARTY_MAX, UNCHANGED)
    const labelUpdate = f.has("label") ? Label.Replace : Label.Keep
    const label = f.text("label", LABEL_MAX_BYTES, Null.Allowed, null)
    const action = f.choice("action", ACTIONS, null)
    const pageMode = f.text("pageMode", 32, Null.Refused, ctx.pager.defaultMode())
    const message = f.text("message", MESSAGE_MAX_BYTES, Null.Allowed, null)
    if (!f.error) {
        const problem = ctx.pager.check({ number, systemId: ctx.settings.values.systemId, pageMode, message })
        if (problem) f.fail(problem.field, problem.error)
    }
    if (f.error) return fieldError(f.error)

    if (isPost) slot = ctx.store.findActive(number)
    if (slot < 0 && (action === "clear" || action === "remove")) return notFound(number)
    // A label needs a frame, which the labels of changes not yet written may all hold (docs/storage.md "Labels in RAM").
    if ((slot < 0 || labelUpdate === Label.Replace) && !ctx.store.roomForLabel(slot, label))
        return errorReply(CODE_SERVICE_UNAVAILABLE, "changes cannot be saved now (flash store slow or full)", null)
    // A page the radio cannot take now changes nothing.
    const refused = action === "page" ? ctx.pager.ready() : null
    if (refused) return errorReply(CODE_SERVICE_UNAVAILABLE, refused, null)
    const now = ctx.clock.now()
    let code = isPost ? CODE_SUCCESS : CODE_CHANGED
    if (slot < 0) {
        slot = ctx.store.create(
            number,
            partySize < 0 ? 1 : partySize,
            goal < 0 ? ctx.settings.values.defaultTargetGoal : goal,
            label, // null when the body has none
            now
        )
        if (slot < 0)
            return errorReply(CODE_SERVICE_UNAVAILABLE, "session store full: every slot holds an active session", null)
        code = CODE_CREATED
    } else if (goal >= 0 || partySize >= 0 || labelUpdate === Label.Replace) {
        ctx.store.update(slot, partySize, goal, label, labelUpdate)
    }
    if (action === "page") {
        ctx.pager.send({ number, systemId: ctx.settings.values.systemId, pageMode, message })
        ctx.store.page(slot, now)
    } else if (action === "clear" || action === "remove")
        ctx.store.finish(slot, now, action === "remove" ? ClearType.Removed : ClearType.Stop)
    return changed(ctx, code, slot)
}

function bodyNumber(req: Request): number {
    const f = readFields(req.payload, BODY_KEYS)
    const number = f.int("number", 0, 65535, NO_INT, Presence.Required)
    return f.error ? -1 : number
}

function notFound(number: number): Reply {
    return errorReply(CODE_NOT_FOUND, "no active session for pager " + number, "number")
}

export function fieldError(e: FieldError): Reply {
    return errorReply(CODE_BAD_REQUEST, e.error, e.field)
}
