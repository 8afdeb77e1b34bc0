import { CoapMessage } from "../coap/message"
import { OPT_URI_QUERY } from "../coap/constants"
import { optionStrings } from "../coap/options"
import { FieldError } from "./fields"

/** The Uri-Query keys a resource understands; any other is a 4.00 naming it. */
export function checkQuery(msg: CoapMessage, allowed: string[]): FieldError {
    for (const item of optionStrings(msg, OPT_URI_QUERY)) {
        const eq = item.indexOf("=")
        const key = eq < 0 ? item : item.slice(0, eq)
        if (allowed.indexOf(key) < 0) return { field: key, error: "unknown query parameter" }
    }
    return null
}

/** A non-negative decimal integer from a query value; -1 when it is not one. */
export function queryInt(value: string): number {
    if (value.length === 0 || value.length > 9) return -1
    let n = 0
    for (let i = 0; i < value.length; ++i) {
        const d = value.charCodeAt(i) - 48
        if (d < 0 || d > 9) return -1
        n = n * 10 + d
    }
    return n
}
