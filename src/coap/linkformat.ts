// CoRE Link Format (RFC 6690) for /.well-known/core, with the query filtering of §4.1.

export interface Link {
    href: string
    /** Resource type(s), space-separated. */
    rt?: string
    /** Interface description(s), space-separated. */
    ifDesc?: string
    /** Content-Format: every resource of the base has one. */
    ct: number
    /** Observable (RFC 7641 §6). */
    obs?: boolean
}

/**
 * The link-format document for `links`, keeping only those that match the filter: `filterKey` one of href, rt, if,
 * ct (any other key matches nothing: the base's links have no other attribute, no title for one); `filterValue`
 * matched whole, or as a prefix when it ends in "*".
 * rt and if match when any of their space-separated values does. A null key keeps every link; a null value keeps
 * the links that have the attribute.
 */
export function formatLinks(links: Link[], filterKey: string | null, filterValue: string | null): string {
    const parts: string[] = []
    for (const link of links) {
        if (filterKey == null || linkMatches(link, filterKey, filterValue)) parts.push(formatLink(link))
    }
    return parts.join(",")
}

function formatLink(link: Link): string {
    let s = "<" + link.href + ">"
    if (link.rt != null) s += ';rt="' + link.rt + '"'
    if (link.ifDesc != null) s += ';if="' + link.ifDesc + '"'
    s += ";ct=" + link.ct
    if (link.obs) s += ";obs"
    return s
}

function linkMatches(link: Link, key: string, pattern: string | null): boolean {
    if (key === "href") return valueMatches(link.href, pattern)
    if (key === "rt") return anyValueMatches(link.rt, pattern)
    if (key === "if") return anyValueMatches(link.ifDesc, pattern)
    if (key === "ct") return valueMatches("" + link.ct, pattern)
    return false
}

function anyValueMatches(values: string | undefined, pattern: string | null): boolean {
    if (values == null) return false
    // Space-separated values (RFC 6690 §3.1); each step moves past one space, so at most length + 1 of them.
    for (let from = 0; from <= values.length;) {
        let end = values.indexOf(" ", from)
        if (end < 0) end = values.length
        if (end > from && valueMatches(values.slice(from, end), pattern)) return true
        from = end + 1
    }
    return false
}

function valueMatches(value: string, pattern: string | null): boolean {
    if (pattern == null) return true
    if (pattern.charAt(pattern.length - 1) === "*")
        return value.indexOf(pattern.slice(0, pattern.length - 1), 0, 1) === 0
    return value === pattern
}
