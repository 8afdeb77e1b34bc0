// Decoding bytes from the network or from flash as UTF-8 text, safely for the DeviceScript VM.
//
// The runtime's Buffer.toString("utf-8") (devs_utf8_init, runtime/devicescript/utf8.c) reads one byte past the
// end of a buffer whose last character is cut short, and it decodes twice, once to size the string and once to
// fill it, with an allocation in between that can change that byte. The string then holds bytes that disagree
// with its size, and the next string made from it (a join, a concatenation) panics the VM (60129). A request's
// Uri-Path segment ending in the lead byte of a two-byte character was enough. So a cut last character is left
// out of the decoding and stands as one U+FFFD, as a complete decoder would have it.

/** `buf` as UTF-8 text; invalid sequences become U+FFFD. */
export function utf8Text(buf: Buffer): string {
    const whole = completeLength(buf)
    if (whole === buf.length) return buf.toString("utf-8")
    return buf.slice(0, whole).toString("utf-8") + "\uFFFD"
}

/** The length of `buf` without a multi-byte character cut short by its end (all of it when there is none). */
export function completeLength(buf: Buffer): number {
    const n = buf.length
    // A cut character's lead byte is one of the last three bytes, followed only by continuation bytes.
    for (let back = 1; back <= 3 && back <= n; ++back) {
        const b = buf[n - back]
        if ((b & 0xc0) === 0x80) continue
        return sequenceLength(b) > back ? n - back : n
    }
    return n
}

/** How many bytes a character starting with `lead` takes, as the runtime reads lead bytes (1 when invalid). */
function sequenceLength(lead: number): number {
    if ((lead & 0xe0) === 0xc0) return 2
    if ((lead & 0xf0) === 0xe0) return 3
    if ((lead & 0xf8) === 0xf0) return 4
    return 1
}
