'use strict'
// What each lane of the load client asks for.
//
// hostStand: the mixed host-stand load. Each lane is one host stand (tablet) working through one guest at a time
// on its own pager number, so the default ring never fills with 16 lanes: create, list (no ETag), list again
// with the ETag it got (2.03 when nothing changed meanwhile), statistics, history, page (rare), clear.
// A representation longer than one block is fetched to its end with Block2 (each block is one request).
// Pages are rare: all lanes of a run share one page budget of one page per PAGE_INTERVAL_MS (the T112's ~460 ms on
// air x ~2, so the 20-page radio queue never fills and the radio does not set the pace); a lane whose turn comes
// while the budget is spent skips the page and clears.
// Lanes past the 16th are displays: list with ETag, statistics, history (they create nothing).
//
// trivial: one small GET over and over (the protocol's ceiling on a given server; /time on libcoap).

const WRITER_LANES = 16
const PAGER_BASE = 100
const PAGE_INTERVAL_MS = 1000
/** Times one Block2 transfer is started again after its representation changed under it. */
const RESTARTS_MAX = 3
const BAD_OPTION = 0x82 // 4.02: a block past the end (RFC 7959 §2.2)
const PRECONDITION_FAILED = 0x8c // 4.12: the firmware's answer to a later block of a representation that changed

const STAND = ['create', 'list', 'list-etag', 'statistics', 'history', 'page', 'clear']
const DISPLAY = ['list-etag', 'statistics', 'history']

function hostStand(info) {
    const number = PAGER_BASE + info.index
    const script = info.index < WRITER_LANES ? STAND : DISPLAY
    const shared = info.shared || {}
    let step = 0
    let etag = null
    let follow = null // the next Block2 request of a transfer in progress
    const followBlocks = blockFollower()

    function request(op) {
        switch (op) {
            case 'create':
                return {
                    op,
                    method: 'POST',
                    path: 'v1/sessions',
                    key: `c${number}`,
                    body: { number, label: `Guest ${number}`, partySize: 1 + (number % 6), goal: 600 },
                }
            case 'list':
                return { op, method: 'GET', path: 'v1/sessions', key: 'l' }
            case 'list-etag':
                return etag
                    ? { op, method: 'GET', path: 'v1/sessions', etag }
                    : { op, method: 'GET', path: 'v1/sessions', key: 'l' }
            case 'page':
                return {
                    op,
                    method: 'PUT',
                    path: 'v1/sessions',
                    query: `number=${number}`,
                    key: `p${number}`,
                    body: { action: 'page' },
                }
            case 'clear':
                return {
                    op,
                    method: 'PUT',
                    path: 'v1/sessions',
                    query: `number=${number}`,
                    key: `x${number}`,
                    body: { action: 'clear' },
                }
            case 'history':
                return { op, method: 'GET', path: 'v1/sessions/history', key: 'h' }
            case 'statistics':
                return { op, method: 'GET', path: 'v1/sessions/statistics', key: 's' }
        }
        throw new Error(op)
    }

    return {
        next() {
            if (follow) {
                const r = follow
                follow = null
                return r
            }
            let op = script[step]
            step = (step + 1) % script.length
            if (op === 'page') {
                const now = Date.now()
                if (shared.lastPageAt !== undefined && now - shared.lastPageAt < PAGE_INTERVAL_MS) {
                    op = script[step]
                    step = (step + 1) % script.length
                } else shared.lastPageAt = now
            }
            const r = request(op)
            r.first = true
            return r
        },
        done(req, res) {
            if (!res) return
            if ((req.op === 'list' || req.op === 'list-etag') && req.first && res.etag) etag = res.etag
            follow = followBlocks(req, res)
        },
    }
}

/**
 * Follows a representation to its end with Block2: returns the next block's request after `res` answered `req`, or
 * null. A transfer whose representation changed since its first block (another client's change) is started again
 * from block 0 (RFC 7959 §2.4), at most RESTARTS_MAX times.
 */
function blockFollower() {
    let transfer = null // the ETag of the transfer's first block, and how often it was started again
    return (req, res) => {
        if (req.first) transfer = { etag: res.etag, restarts: 0 }
        else if (req.block2 >> 4 === 0)
            transfer.etag = res.etag // the first block of a restarted transfer
        else if (changedMidTransfer(res, transfer.etag) && transfer.restarts < RESTARTS_MAX) {
            transfer.restarts++
            return blockRequest(req, 0, req.block2 & 7)
        }
        const b = res.block2
        return b && b.more && res.code >> 5 === 2 ? blockRequest(req, b.num + 1, b.szx) : null
    }
}

/** A Block2 request for block `num` of the representation `req` is fetching. */
function blockRequest(req, num, szx) {
    return { op: req.op, method: 'GET', path: req.path, block2: num * 16 + szx, key: `${req.op}/b${num}/${szx}` }
}

/** A later block answered with another ETag than the first block's, or past the end of a representation that shrank. */
function changedMidTransfer(res, firstEtag) {
    if (res.code === BAD_OPTION || res.code === PRECONDITION_FAILED) return true
    if (!res.etag || !firstEtag) return false
    return !res.etag.equals(firstEtag)
}

/**
 * restaurantStand: one host stand at a restaurant's pace: the cycle create, list (with the ETag it last got: 2.03
 * when nothing changed, the list again in Block2 blocks when something did), page, clear, one step every
 * RESTAURANT_STEP_MS (about 2 requests a second; the Block2 blocks of a list follow at once). Stands start
 * RESTAURANT_STEP_MS / clients apart. With `shared.noPages` the page step is a second list instead (the page-latency
 * probe's pages are then the only ones on air).
 */
const RESTAURANT_STEP_MS = 500
const RESTAURANT = ['create', 'list-etag', 'page', 'clear']

function restaurantStand(info) {
    const number = PAGER_BASE + info.index
    const shared = info.shared || {}
    const followBlocks = blockFollower()
    let step = 0
    let due = Date.now() + Math.round((info.index * RESTAURANT_STEP_MS) / (info.clients || 1))
    let etag = null
    let follow = null
    return {
        next() {
            if (follow) {
                const r = follow
                follow = null
                return r
            }
            let op = RESTAURANT[step]
            step = (step + 1) % RESTAURANT.length
            if (op === 'page' && shared.noPages) op = 'list-etag'
            due = Math.max(due + RESTAURANT_STEP_MS, Date.now())
            const r = restaurantRequest(op, number, etag)
            r.first = true
            r.atMs = due
            return r
        },
        done(req, res) {
            if (!res) return
            if (req.op === 'list-etag' && req.first && res.etag) etag = res.etag
            follow = followBlocks(req, res)
        },
    }
}

function restaurantRequest(op, number, etag) {
    switch (op) {
        case 'create':
            return {
                op,
                change: true,
                method: 'POST',
                path: 'v1/sessions',
                key: `c${number}`,
                body: { number, label: `Guest ${number}`, partySize: 2, goal: 600 },
            }
        case 'list-etag':
            return etag
                ? { op, method: 'GET', path: 'v1/sessions', etag }
                : { op, method: 'GET', path: 'v1/sessions', key: 'l' }
        case 'page':
            return {
                op,
                change: true,
                method: 'PUT',
                path: 'v1/sessions',
                query: `number=${number}`,
                key: `p${number}`,
                body: { action: 'page' },
            }
        case 'clear':
            return {
                op,
                change: true,
                method: 'PUT',
                path: 'v1/sessions',
                query: `number=${number}`,
                key: `x${number}`,
                body: { action: 'clear' },
            }
    }
    throw new Error(op)
}

function trivial(path) {
    return () => ({
        next: () => ({ op: `GET /${path}`, method: 'GET', path, key: 't', first: true }),
        done() {},
    })
}

module.exports = { hostStand, restaurantStand, trivial, WRITER_LANES, PAGE_INTERVAL_MS, RESTAURANT_STEP_MS }
