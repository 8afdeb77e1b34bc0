import { CODE_CONTENT, CODE_GET, FORMAT_LINK, OPT_URI_QUERY } from "./constants"
import { optionStrings } from "./options"
import { Link, formatLinks } from "./linkformat"
import { Resource } from "./resource"

// GET /.well-known/core (RFC 6690): every resource with rt/if/ct/obs, filtered by one query item (§4.1).
export function wellKnownResource(resources: Resource[]): Resource {
    return {
        path: ".well-known/core",
        methods: [CODE_GET],
        format: FORMAT_LINK,
        handle: req => {
            const query = optionStrings(req.msg, OPT_URI_QUERY)
            let key: string = null
            let value: string = null
            if (query.length > 0) {
                const eq = query[0].indexOf("=")
                key = eq < 0 ? query[0] : query[0].slice(0, eq)
                value = eq < 0 ? null : query[0].slice(eq + 1)
            }
            const links: Link[] = []
            for (const r of resources)
                links.push({ href: "/" + r.path, rt: r.rt, ifDesc: r.ifDesc, ct: r.format, obs: !!r.observable })
            const text = formatLinks(links, key, value)
            return { code: CODE_CONTENT, format: FORMAT_LINK, etag: null, body: out => out.write(text) }
        },
    }
}
