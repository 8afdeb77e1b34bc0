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
