import { Observable } from "./observe"
import { Reply, Request } from "./exchange"

// A resource as the server sees it: its path, methods and format, its handler, and its side of observation. Nothing
// here knows about pagers.

export interface Resource {
    /** Uri-Path segments joined with "/", e.g. "v1/sessions". */
    path: string
    /** Allowed method codes. */
    methods: number[]
    /** The Content-Format the resource produces (checked against Accept). */
    format: number
    /** Link attributes for /.well-known/core (RFC 6690): resource type and interface description. */
    rt?: string
    ifDesc?: string
    /**
     * Set when no request to the resource changes what a commit makes durable (a standalone page): its requests are
     * handled at once, also while the answers waiting for a commit are at their bound.
     */
    neverCommits?: boolean
    /** Set for resources that can be observed (RFC 7641). */
    observable?: Observable
    handle(req: Request): Reply
    /** The target's current ETag for If-Match/If-None-Match, or null when the target does not exist. */
    etagOf?: (req: Request) => Buffer
}

/** The resource at `path` (Uri-Path segments joined with "/"), or null. */
export function findResource(resources: Resource[], path: string): Resource {
    for (const r of resources) if (r.path === path) return r
    return null
}
