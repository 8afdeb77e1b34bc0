import { FORMAT_JSON } from "./constants"
import { Reply } from "./exchange"
import { jsonQuote } from "../json/quote"

/** An error reply with the JSON body {"error": message, "field": field} ("field" left out when null). */
export function errorReply(code: number, message: string, field: string): Reply {
    const text = '{"error":' + jsonQuote(message) + (field === null ? "" : ',"field":' + jsonQuote(field)) + "}"
    return { code, format: FORMAT_JSON, body: out => out.write(text), etag: null }
}
