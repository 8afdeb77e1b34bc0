import { findProtocol } from "../radio/index"
import { RADIO_MODULES, moduleCarrierProblem } from "../radio/transceivers/index"
import { ApiContext } from "./context"
import { Fields } from "./fields"

// The radioModule field of POST /v1/settings: one of the modules, and able to send on the effective carrier
// (radioCarrierHz, or the protocol's own when it is 0).

export function readRadioModule(f: Fields, ctx: ApiContext): string {
    return f.choice("radioModule", RADIO_MODULES, ctx.radioModule.value)
}

/**
 * When the request changes the module, carrier or protocol into a combination the module cannot send, fails the
 * field it changed (in that order of preference).
 */
export function checkRadioModule(f: Fields, radioModule: string, protocol: string, carrierHz: number) {
    const field = f.has("radioModule") ? "radioModule" : f.has("radioCarrierHz") ? "radioCarrierHz" : "radioProtocol"
    const p = findProtocol(protocol)
    if (f.error || !p || !f.has(field)) return
    const why = moduleCarrierProblem(radioModule, carrierHz > 0 ? carrierHz : p.carrierHz)
    if (why) f.fail(field, why)
}
