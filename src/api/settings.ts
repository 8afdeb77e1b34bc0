import { CODE_CHANGED, CODE_CONTENT, CODE_GET, CODE_POST, CODE_UNAUTHORIZED, FORMAT_JSON } from "../coap/constants"
import { errorReply } from "../coap/errors"
import { Resource } from "../coap/resource"
import { Reply, Request } from "../coap/exchange"
import { formatIso, parseIso } from "../clock/isotime"
import { MAX_CAPACITY } from "../limits"
import { ApiContext } from "./context"
import { Null, readFields } from "./fields"
import { checkRadioModule, readRadioModule } from "./radio-module"
import { envelopeReply } from "./envelope"
import { jsonQuote } from "../json/quote"
import { GOAL_MAX, fieldError } from "./sessions"
import { parseClients } from "./access"
import { UTC_OFFSET_MAX, UTC_OFFSET_MIN, sntpServerPeer } from "../clock/sntp-settings"

// /v1/settings (docs/api.md 3.4, 4). POST takes any subset; every field is checked before any is applied.
// Our extensions: sessionCapacity, the ring's size, applied at the next start (the ring is one fixed buffer);
// notifyPingSeconds, the keep-alive period of /v1/notify observers (30 on the T7470); radioProtocol,
// radioRepeats (transmissions per page) and radioCarrierHz (0 = the protocol's own carrier); sntpServer and
// utcOffsetMinutes, the clock's SNTP source (stored under their own settings key).

const KEYS = [
    "datetime",
    "systemId",
    "defaultTargetGoal",
    "statisticsClearMark",
    "sessionCapacity",
    "notifyPingSeconds",
    "radioProtocol",
    "radioModule", // the radio hardware: ook, cc1101, sx1278 (its own settings key, api/radio-module.ts)
    "radioRepeats",
    "radioCarrierHz",
    "sntpServer",
    "utcOffsetMinutes",
    "accessSecret", // write-only; with trustedClients and readAccess: api/access.ts
    "trustedClients",
    "readAccess",
]
export const PING_SECONDS_MAX = 3600
export const REPEATS_MAX = 10
const CARRIER_MIN_HZ = 300000000
const CARRIER_MAX_HZ = 930000000
/** A DNS name's longest (RFC 1035): a host name is told why it cannot be used, not that it is too long. */
const SNTP_SERVER_TEXT_MAX = 253
const SNTP_SERVER_ERROR = 'must be an IPv4 address "a.b.c.d" or "a.b.c.d:port", or "" for off (the base has no DNS)'

export function settingsResource(ctx: ApiContext): Resource {
    return {
        path: "v1/settings",
        methods: [CODE_GET, CODE_POST],
        format: FORMAT_JSON,
        rt: "pager.settings",
        ifDesc: "core.p",
        handle: req => (req.method === CODE_GET ? settingsReply(ctx, CODE_CONTENT) : update(ctx, req)),
    }
}

function update(ctx: ApiContext, req: Request): Reply {
    const v = ctx.settings.values
    const f = readFields(req.payload, KEYS)
    const datetimeText = f.text("datetime", 19, Null.Refused, null)
    const datetime = datetimeText === null ? -1 : parseIso(datetimeText)
    if (datetimeText !== null && datetime < 0) f.fail("datetime", "must be YYYY-MM-DDTHH:MM:SS")
    const systemId = f.int("systemId", 0, 65535, v.systemId)
    const goal = f.int("defaultTargetGoal", 0, GOAL_MAX, v.defaultTargetGoal)
    const mark = f.int("statisticsClearMark", 0, 24, v.statisticsClearMark)
    const capacity = f.int("sessionCapacity", 1, MAX_CAPACITY, v.sessionCapacity)
    const pingSeconds = f.int("notifyPingSeconds", 1, PING_SECONDS_MAX, v.notifyPingSeconds)
    const protocol = f.text("radioProtocol", 32, Null.Refused, v.radioProtocol)
    const radioModule = readRadioModule(f, ctx)
    const repeats = f.int("radioRepeats", 1, REPEATS_MAX, v.radioRepeats)
    const carrier = f.int("radioCarrierHz", 0, CARRIER_MAX_HZ, v.radioCarrierHz)
    if (carrier > 0 && carrier < CARRIER_MIN_HZ)
        f.fail("radioCarrierHz", "must be 0 (the protocol's own) or 300 to 930 MHz")
    const sntp = ctx.sntp.settings
    const sntpServer = f.text("sntpServer", SNTP_SERVER_TEXT_MAX, Null.Refused, sntp.server)
    if (sntpServer !== "" && !sntpServerPeer(sntpServer)) f.fail("sntpServer", SNTP_SERVER_ERROR)
    const utcOffset = f.int("utcOffsetMinutes", UTC_OFFSET_MIN, UTC_OFFSET_MAX, sntp.utcOffsetMinutes)
    if (!f.error) {
        const problem = ctx.pager.checkRadio(protocol, systemId)
        if (problem) f.fail(problem.field, problem.error)
    }
    checkRadioModule(f, radioModule, protocol, carrier)
    const access = ctx.access
    const secret = f.text("accessSecret", 64, Null.Refused, null)
    if (secret && Buffer.from(secret).length < 4) f.fail("accessSecret", 'at least 4 bytes ("" unlocks)')
    const raw: any = f // Fields reads no arrays: the value as parsed
    const clients = f.has("trustedClients") ? parseClients(raw.obj.trustedClients) : access.clients()
    if (!clients) f.fail("trustedClients", 'at most 8 IPv4 subnets "a.b.c.d/n" (n 0..32)')
    const readAccess = f.choice("readAccess", ["open", "trusted"], null)
    if (f.error) return fieldError(f.error)
    const touched = secret !== null || f.has("trustedClients") || readAccess
    // Changing the lock needs a login's token (the secret), also from a trusted address.
    if (touched && access.stored[0] & 2 && !access.hasToken(req.msg))
        return errorReply(CODE_UNAUTHORIZED, "log in to change the access settings", null)
    ctx.radioModule.set(radioModule)
    if (datetime >= 0) ctx.clock.set(datetime)
    v.systemId = systemId
    v.defaultTargetGoal = goal
    v.statisticsClearMark = mark
    v.sessionCapacity = capacity
    v.notifyPingSeconds = pingSeconds
    v.radioProtocol = protocol
    v.radioRepeats = repeats
    v.radioCarrierHz = carrier
    ctx.settings.save()
    if (touched) access.change(secret, clients, readAccess ? readAccess === "trusted" : (access.stored[0] & 1) !== 0)
    if (sntpServer !== sntp.server || utcOffset !== sntp.utcOffsetMinutes) {
        sntp.server = sntpServer
        sntp.utcOffsetMinutes = utcOffset
        sntp.save()
        ctx.sntp.restart()
    }
    return settingsReply(ctx, CODE_CHANGED)
}

export function settingsReply(ctx: ApiContext, code: number): Reply {
    return envelopeReply(ctx, code, ["settings"], null, out => {
        const v = ctx.settings.values
        out.write(',"settings":{"datetime":"' + formatIso(ctx.clock.now()) + '","systemId":' + v.systemId)
        out.write(',"defaultTargetGoal":' + v.defaultTargetGoal + ',"statisticsClearMark":' + v.statisticsClearMark)
        out.write(',"sessionCapacity":' + v.sessionCapacity + ',"notifyPingSeconds":' + v.notifyPingSeconds)
        out.write(',"radioModule":' + jsonQuote(ctx.radioModule.value))
        out.write(',"radioProtocol":' + jsonQuote(v.radioProtocol) + ',"radioRepeats":' + v.radioRepeats)
        out.write(',"radioCarrierHz":' + v.radioCarrierHz + ',"sntpServer":' + jsonQuote(ctx.sntp.settings.server))
        out.write(',"utcOffsetMinutes":' + ctx.sntp.settings.utcOffsetMinutes + ',"readAccess":"')
        out.write((ctx.access.stored[0] & 1 ? "trusted" : "open") + '"}')
    })
}
