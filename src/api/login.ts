import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { CODE_CREATED, CODE_POST, FORMAT_JSON } from "../coap/constants"
import { Resource } from "../coap/resource"
import { LOGIN_TOKEN_MS, LOGIN_TOKENS } from "../limits"
import { ApiContext } from "./context"
import { envelopeReply } from "./envelope"
import { Null, readFields } from "./fields"
import { fieldError } from "./sessions"

// The login of README "Security": the secret for a token, apart from access.ts (the gate and what it stores) so that
// the gate does not depend on the API context built around it.

/** POST /v1/login {"secret": "..."}: a token for the Access-Token option, valid for LOGIN_TOKEN_MS. */
export function loginResource(ctx: ApiContext): Resource {
    return {
        path: "v1/login",
        methods: [CODE_POST],
        format: FORMAT_JSON,
        rt: "pager.login",
        neverCommits: true,
        handle: req => {
            const f = readFields(req.payload, ["secret"])
            const secret = f.text("secret", 64, Null.Refused, "")
            if (f.error) return fieldError(f.error)
            const access = ctx.access
            const refused = access.check(req.peer, secret)
            if (refused) return refused
            const token = randomBuffer(16).toString("hex")
            access.tokens.push(token, ds.millis() + LOGIN_TOKEN_MS)
            access.tokens = access.tokens.slice(-2 * LOGIN_TOKENS)
            return envelopeReply(ctx, CODE_CREATED, ["login"], null, out =>
                out.write(',"token":"' + token + '","expiresInSeconds":' + LOGIN_TOKEN_MS / 1000)
            )
        },
    }
}
