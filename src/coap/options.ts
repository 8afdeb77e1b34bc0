import { CoapMessage, CoapOption } from "./message"
import { OPT_URI_QUERY } from "./constants"
import { utf8Text } from "../text/utf8"

// Reading and building option lists (RFC 7252 §3.1, §5.4). Options are kept sorted by number.

/** The first option `num` of `msg`. */
export function findOption(msg: CoapMessage, num: number): CoapOption | undefined {
    for (const opt of msg.options) if (opt.num === num) return opt
    return undefined
}

export function optionCount(msg: CoapMessage, num: number): number {
    let n = 0
    for (const opt of msg.options) if (opt.num === num) n++
    return n
}

/** The values of every option `num` as UTF-8 text, in order (e.g. the Uri-Path segments). */
export function optionStrings(msg: CoapMessage, num: number): string[] {
    const out: string[] = []
    for (const opt of msg.options) if (opt.num === num) out.push(utf8Text(opt.value))
    return out
}

/**
 * The value of the first Uri-Query item "key=value" (RFC 7252 §6.5: one item per option, already decoded).
 * An item that is just "key" gives ""; null when no item has this key.
 */
export function queryValue(msg: CoapMessage, key: string): string | null {
    for (const opt of msg.options) {
        if (opt.num !== OPT_URI_QUERY) continue
        const item = utf8Text(opt.value)
        if (item === key) return ""
        if (item.length > key.length && item.indexOf(key, 0, 1) === 0 && item.charAt(key.length) === "=")
            return item.slice(key.length + 1)
    }
    return null
}

/** A uint option value (§3.2): 0-4 bytes big-endian, empty = 0. -1 when longer than 4 bytes. */
export function decodeUint(value: Buffer): number {
    if (value.length > 4) return -1
    let n = 0
    // Multiply rather than shift: a 4-byte value would go negative in 32-bit bit arithmetic.
    for (let i = 0; i < value.length; ++i) n = n * 256 + value[i]
    return n
}

/** The shortest uint option value for 0 <= n < 2^32: no leading zero bytes, so 0 is the empty value. */
export function encodeUint(n: number): Buffer {
    let len = 0
    for (let rest = n; rest >= 1; rest = Math.floor(rest / 256)) len++
    const out = Buffer.alloc(len)
    let rest = n
    for (let i = len - 1; i >= 0; --i) {
        // & rather than %: the VM computes % of values >= 2^31 in 32-bit signed arithmetic (measured).
        out[i] = rest & 0xff
        rest = Math.floor(rest / 256)
    }
    return out
}

/** Critical options (odd numbers) must be understood or the request rejected (§5.4.1). */
export function isCritical(num: number): boolean {
    return (num & 1) === 1
}

/** Inserts option `num` after every option with a number <= num, so the list stays sorted and repeats keep order. */
export function addOption(options: CoapOption[], num: number, value: Buffer): void {
    let i = options.length
    while (i > 0 && options[i - 1].num > num) i--
    options.insert(i, 1)
    options[i] = { num, value }
}
