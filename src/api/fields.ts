// Reading a JSON request body field by field. The first problem found is kept as {field, error} and becomes a
// 4.00 with that JSON body; nothing is changed when there is one.

import { hasNoncharacterEscape } from "../json/escapes"
import { isUtf8 } from "../text/utf8"

/** Whether int() reports a missing field as an error ("required"). */
export const enum Presence {
    Optional,
    Required,
}
/** The fallback of a required int(): what it returns when the field is missing or wrong (an error is set then). */
export const NO_INT = -1

/** What text() makes of a JSON null: an error, or null. */
export const enum Null {
    Refused,
    Allowed,
}

export interface FieldError {
    field: string
    error: string
}

export class Fields {
    error: FieldError = null

    constructor(private obj: any) {}

    has(name: string): boolean {
        return this.obj[name] !== undefined
    }

    /** An integer in [min, max]; `fallback` when absent (and an error when Presence.Required). */
    int(name: string, min: number, max: number, fallback: number, presence?: Presence): number {
        const v = this.obj[name]
        if (v === undefined) {
            if (presence === Presence.Required) this.fail(name, "required")
            return fallback
        }
        if (typeof v !== "number" || Math.floor(v) !== v || v < min || v > max) {
            this.fail(name, "must be an integer from " + min + " to " + max)
            return fallback
        }
        return v
    }

    /** A string of at most `maxBytes` UTF-8 bytes without control characters, or null when `nulls` allows it. */
    text(name: string, maxBytes: number, nulls: Null, fallback: string): string {
        const v = this.obj[name]
        if (v === undefined) return fallback
        if (v === null && nulls === Null.Allowed) return null
        if (typeof v !== "string") {
            this.fail(name, nulls === Null.Allowed ? "must be a string or null" : "must be a string")
            return fallback
        }
        if (Buffer.from(v).length > maxBytes) {
            this.fail(name, "longer than " + maxBytes + " bytes")
            return fallback
        }
        for (let i = 0; i < v.length; ++i)
            if (v.charCodeAt(i) < 0x20) {
                this.fail(name, "control characters are not allowed")
                return fallback
            }
        return v
    }

    /** One of `choices`; `fallback` when absent. */
    choice(name: string, choices: string[], fallback: string): string {
        const v = this.obj[name]
        if (v === undefined) return fallback
        if (typeof v !== "string" || choices.indexOf(v) < 0) {
            this.fail(name, "must be one of " + choices.join(", "))
            return fallback
        }
        return v
    }

    fail(field: string, error: string) {
        if (!this.error) this.error = { field, error }
    }
}

/**
 * Parses a request body as a JSON object whose keys are all in `allowed`. An empty body is an empty object.
 * Returns Fields whose `error` is set when the body is malformed or has an unknown key.
 */
export function readFields(payload: Buffer, allowed: string[]): Fields {
    let obj: any = {}
    let problem: FieldError = null
    if (payload.length > 0) {
        const text = isUtf8(payload) ? payload.toString("utf-8") : null
        if (text === null) {
            problem = { field: null, error: "the body is not UTF-8" }
        } else if (hasNoncharacterEscape(text)) {
            problem = { field: null, error: "the escapes \\uFFFE and \\uFFFF are not allowed" }
        } else {
            try {
                obj = JSON.parse(text)
            } catch (e) {
                obj = {}
                problem = { field: null, error: "malformed JSON" }
            }
        }
        if (!problem && (obj === null || typeof obj !== "object" || Array.isArray(obj))) {
            obj = {}
            problem = { field: null, error: "body must be a JSON object" }
        }
    }
    const fields = new Fields(obj)
    if (problem) fields.error = problem
    for (const key of Object.keys(obj)) if (allowed.indexOf(key) < 0) fields.fail(key, "unknown field")
    return fields
}
