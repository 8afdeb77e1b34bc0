// The runtime's JSON.parse panics the VM (60129, runtime/devicescript/utf8.c) on a string holding the escape
// \uFFFE or \uFFFF: it writes the character, and its own check of the new string then rejects these two
// noncharacters. A request body must not be able to do that, so such escapes are looked for before parsing.

/** Whether the JSON text has a \uFFFE or \uFFFF escape, in any letter case. */
export function hasNoncharacterEscape(text: string): boolean {
    for (let at = text.indexOf("\\u"); at >= 0; at = text.indexOf("\\u", at + 1))
        if (isEscape(text, at) && isNoncharacter(text.slice(at + 2, at + 6).toLowerCase())) return true
    return false
}

/** A backslash starts an escape unless it is itself escaped: an even number of backslashes before it. */
function isEscape(text: string, at: number): boolean {
    let before = 0
    while (at - before > 0 && text.charCodeAt(at - before - 1) === 0x5c) before++
    return before % 2 === 0
}

function isNoncharacter(hex: string): boolean {
    return hex === "fffe" || hex === "ffff"
}
