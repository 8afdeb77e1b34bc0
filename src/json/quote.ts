// A JSON string literal for `s`. JSON.stringify would do, except that the simulator's version escapes every
// byte of a non-ASCII character separately (mojibake); this one leaves non-ASCII characters as they are.
export function jsonQuote(s: string): string {
    // ASCII only (as many bytes as characters), JSON.stringify is right, and one builtin call costs far less than
    // this loop in the interpreter: a label went through it for every session of every list rendered.
    if (Buffer.from(s).length === s.length) return JSON.stringify(s)
    const parts: string[] = ['"']
    let start = 0
    for (let i = 0; i < s.length; ++i) {
        const c = s.charCodeAt(i)
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue
        parts.push(s.slice(start, i))
        parts.push(escapeChar(c))
        start = i + 1
    }
    parts.push(s.slice(start))
    parts.push('"')
    return parts.join("")
}

function escapeChar(c: number): string {
    if (c === 0x22) return '\\"'
    if (c === 0x5c) return "\\\\"
    if (c === 0x0a) return "\\n"
    if (c === 0x0d) return "\\r"
    if (c === 0x09) return "\\t"
    const hex = "0123456789abcdef"
    return "\\u00" + hex[c >> 4] + hex[c & 15]
}
