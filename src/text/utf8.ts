// Decoding bytes from the network or from flash as UTF-8 text, safely for the DeviceScript VM.
//
// The runtime's Buffer.toString("utf-8") (devs_utf8_init, runtime/devicescript/utf8.c) reads one byte past the
// end of a buffer whose last character is cut short, and it decodes twice, once to size the string and once to
// fill it, with an allocation in between that can change that byte. The string then holds bytes that disagree
// with its size, and the next string made from it (a join, a concatenation) panics the VM (60129). A request's
// Uri-Path segment ending in the lead byte of a two-byte character was enough. Such a buffer is decoded with one
// ASCII byte after it, which the runtime reads instead, and that byte's character is dropped again.

const TERMINATOR = Buffer.from(" ")

/** `buf` as UTF-8 text; invalid sequences become U+FFFD. */
export function utf8Text(buf: Buffer): string {
    if (!endsInCutCharacter(buf)) return buf.toString("utf-8")
    const text = Buffer.concat(buf, TERMINATOR).toString("utf-8")
    return text.slice(0, text.length - 1)
}

/**
 * Whether `buf` is well-formed UTF-8 (RFC 3629 section 4): no stray continuation byte, overlong form, surrogate or
 * code point past U+10FFFF. Checked on the bytes, so an invalid body is refused without decoding it: decoded, each
 * bad byte would become a 3-byte U+FFFD, and a 1 KB body a 3 KB string.
 */
export function isUtf8(buf: Buffer): boolean {
    const n = buf.length
    let i = 0
    while (i < n) {
        const b = buf[i]
        if (b < 0x80) {
            ++i
            continue
        }
        const len = b < 0xc2 ? 0 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf5 ? 4 : 0
        if (len === 0 || i + len > n) return false
        for (let k = 1; k < len; ++k) if ((buf[i + k] & 0xc0) !== 0x80) return false
        // The second byte's range that leaves out overlong forms, surrogates and code points past U+10FFFF.
        const b1 = buf[i + 1]
        if (
            (b === 0xe0 && b1 < 0xa0) ||
            (b === 0xed && b1 > 0x9f) ||
            (b === 0xf0 && b1 < 0x90) ||
            (b === 0xf4 && b1 > 0x8f)
        )
            return false
        i += len
    }
    return true
}

/** Whether the last character of `buf` is a multi-byte one cut short by its end. */
function endsInCutCharacter(buf: Buffer): boolean {
    const n = buf.length
    // A cut character's lead byte is one of the last three bytes, followed only by continuation bytes.
    for (let back = 1; back <= 3 && back <= n; ++back) {
        const b = buf[n - back]
        if ((b & 0xc0) !== 0x80) return sequenceLength(b) > back
    }
    return false
}

/** How many bytes a character starting with `lead` takes, as the runtime reads lead bytes (1 when invalid). */
function sequenceLength(lead: number): number {
    if ((lead & 0xe0) === 0xc0) return 2
    if ((lead & 0xf0) === 0xe0) return 3
    if ((lead & 0xf8) === 0xf0) return 4
    return 1
}
