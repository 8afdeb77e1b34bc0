'use strict'
// Datagram generators of the fuzzer, all driven by one seeded PRNG so a run is reproducible from its seed:
// random bytes, random headers with random options, valid API requests (built from the T7470 API and the README's
// ranges), and valid requests mutated at byte, option and JSON level.

/** mulberry32: small, seedable, good enough for test input. */
function prng(seed) {
    let a = seed >>> 0
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0
        let t = a
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
    const pick = list => list[Math.floor(next() * list.length)]
    const chance = p => next() < p
    const bytes = n => {
        const b = Buffer.alloc(n)
        for (let i = 0; i < n; i++) b[i] = int(0, 255)
        return b
    }
    /** Picks a key of `weights` ({name: weight}) in proportion to its weight. */
    const weighted = weights => {
        const total = Object.values(weights).reduce((s, w) => s + w, 0)
        let r = next() * total
        for (const [k, w] of Object.entries(weights)) if ((r -= w) < 0) return k
        return Object.keys(weights)[0]
    }
    return { next, int, pick, chance, bytes, weighted }
}

// --- encoding with room for malformed option headers -------------------------------------------------------------

function nibble(n) {
    if (n < 13) return [n, []]
    if (n < 269) return [13, [n - 13]]
    return [14, [((n - 269) >> 8) & 0xff, (n - 269) & 0xff]]
}

/** Options as raw items {delta, value, dNib?, lNib?}: deltas are whatever the caller says (even "backwards"). */
function encode({ type, code, mid, token, items, payload, marker = payload !== null }) {
    const parts = [Buffer.from([0x40 | (type << 4) | token.length, code, (mid >> 8) & 0xff, mid & 0xff]), token]
    for (const it of items) {
        const [d, dx] = nibble(it.delta)
        const [l, lx] = nibble(it.value.length)
        parts.push(
            Buffer.from([
                ((it.dNib !== undefined ? it.dNib : d) << 4) | (it.lNib !== undefined ? it.lNib : l),
                ...dx,
                ...lx,
            ]),
            it.value
        )
    }
    if (marker) parts.push(Buffer.from([0xff]))
    if (payload) parts.push(payload)
    return Buffer.concat(parts)
}

/** Sorted [num, Buffer] options -> raw items with proper deltas. */
function toItems(options) {
    let last = 0
    return options.map(([num, value]) => {
        const it = { delta: num - last, value }
        last = num
        return it
    })
}

function uint(n) {
    const bytes = []
    while (n > 0) {
        bytes.unshift(n & 0xff)
        n = Math.floor(n / 256)
    }
    return Buffer.from(bytes)
}

// --- valid requests ------------------------------------------------------------------------------------------------

const PAGE_MODES = [
    'Flash1Sec',
    'Flash30Sec',
    'Flash5Min',
    'FlashBeep5x5',
    'Beep3Times',
    'Beep5Min',
    'Glow5Min',
    'Glow15Times',
    'Vibe1',
    'Vibe2',
    'Vibe3',
    'VibeBeep1',
    'VibeBeep2',
    'VibeBeep3',
]
const PROTOCOLS = [
    'retekess-t112',
    'retekess-t119',
    'retekess-td157',
    'retekess-td158',
    'retekess-td161',
    'pocsag512',
    'pocsag1200',
    'pocsag2400',
    'pocsag1200-numeric',
    'lrs',
]
const LABELS = [
    null,
    'Kim',
    'Müller',
    'table by the window',
    'x'.repeat(32),
    'é'.repeat(16),
    '🙂'.repeat(8),
    '"\\/',
    '',
]
const OPT = {
    OBSERVE: 6,
    URI_PATH: 11,
    CONTENT_FORMAT: 12,
    URI_QUERY: 15,
    ACCEPT: 17,
    BLOCK2: 23,
    BLOCK1: 27,
    SIZE2: 28,
    SIZE1: 60,
    ETAG: 4,
    IF_MATCH: 1,
    IF_NONE_MATCH: 5,
    ECHO: 252,
    REQUEST_TAG: 292,
}
const INTERESTING_OPTIONS = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 17, 19, 20, 23, 27, 28, 35, 39, 60, 128, 252, 258, 292, 2048,
    65000, 65001, 65535, 65804,
]

function randomSession(r) {
    const body = { number: r.chance(0.8) ? r.int(0, 15) : r.int(0, 1023) }
    if (r.chance(0.4)) body.goal = r.int(0, 86400)
    if (r.chance(0.4)) body.label = r.pick(LABELS)
    if (r.chance(0.3)) body.partySize = r.int(1, 999)
    if (r.chance(0.3)) body.action = r.pick(['page', 'clear', 'remove'])
    if (r.chance(0.2)) body.pageMode = r.pick(PAGE_MODES)
    if (r.chance(0.1)) body.message = r.pick([null, 'Table 4 is ready', ''])
    return body
}

function randomSettings(r) {
    const body = {}
    const iso = () =>
        `20${String(r.int(0, 99)).padStart(2, '0')}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`
    if (r.chance(0.3)) body.datetime = iso()
    if (r.chance(0.3)) body.systemId = r.int(0, 200)
    if (r.chance(0.3)) body.defaultTargetGoal = r.int(0, 86400)
    if (r.chance(0.2)) body.statisticsClearMark = r.int(0, 24)
    if (r.chance(0.2)) body.sessionCapacity = r.int(1, 36)
    if (r.chance(0.2)) body.notifyPingSeconds = r.int(1, 3600)
    if (r.chance(0.1)) body.radioProtocol = r.pick(PROTOCOLS)
    if (r.chance(0.1)) body.radioRepeats = r.int(1, 3)
    if (r.chance(0.1)) body.radioCarrierHz = r.pick([0, 433920000, 300000000, 930000000])
    return body
}

/** A valid request: {code, path: [...], query: [...], body: object|null, extra: [[num, Buffer]]}. */
function validRequest(r) {
    const n = () => `number=${r.chance(0.8) ? r.int(0, 15) : r.int(0, 1023)}`
    const kind = r.weighted({
        getList: 8,
        getOne: 6,
        post: 14,
        put: 12,
        del: 3,
        delAll: 0.3,
        history: 4,
        delHistory: 0.5,
        stats: 3,
        delStats: 0.3,
        getSettings: 3,
        postSettings: 3,
        page: 5,
        status: 3,
        notify: 3,
        wellKnown: 3,
    })
    switch (kind) {
        case 'getList':
            return { code: 1, path: ['v1', 'sessions'], query: [], body: null }
        case 'getOne':
            return { code: 1, path: ['v1', 'sessions'], query: [n()], body: null }
        case 'post':
            return { code: 2, path: ['v1', 'sessions'], query: [], body: randomSession(r) }
        case 'put': {
            const body = randomSession(r)
            const number = body.number
            delete body.number
            return { code: 3, path: ['v1', 'sessions'], query: [`number=${number}`], body }
        }
        case 'del':
            return { code: 4, path: ['v1', 'sessions'], query: [n()], body: null }
        case 'delAll':
            return { code: 4, path: ['v1', 'sessions'], query: [], body: null }
        case 'history':
            return { code: 1, path: ['v1', 'sessions', 'history'], query: [], body: null }
        case 'delHistory':
            return { code: 4, path: ['v1', 'sessions', 'history'], query: [], body: null }
        case 'stats':
            return { code: 1, path: ['v1', 'sessions', 'statistics'], query: [], body: null }
        case 'delStats':
            return { code: 4, path: ['v1', 'sessions', 'statistics'], query: [], body: null }
        case 'getSettings':
            return { code: 1, path: ['v1', 'settings'], query: [], body: null }
        case 'postSettings':
            return { code: 2, path: ['v1', 'settings'], query: [], body: randomSettings(r) }
        case 'page': {
            const body = { number: r.int(0, 1023) }
            if (r.chance(0.3)) body.pageMode = r.pick(PAGE_MODES)
            if (r.chance(0.3)) body.systemId = r.int(0, 200)
            if (r.chance(0.2)) body.message = 'Table 4'
            return { code: 2, path: ['v1', 'page'], query: [], body }
        }
        case 'status':
            return { code: 1, path: ['v1', 'status'], query: [], body: null }
        case 'notify':
            return {
                code: 1,
                path: ['v1', 'notify'],
                query: r.chance(0.5) ? ['action=get_sessions'] : [],
                body: null,
                extra: [[OPT.OBSERVE, Buffer.alloc(0)]],
            }
        default:
            return {
                code: 1,
                path: ['.well-known', 'core'],
                query: r.chance(0.5) ? [r.pick(['rt=pager.sessions', 'href=/v1/sessions*', 'rt=*', 'if=core.b'])] : [],
                body: null,
            }
    }
}

/** A request as sorted [num, Buffer] options plus header fields and payload. */
function requestParts(r, req) {
    const options = []
    for (const p of req.path) options.push([OPT.URI_PATH, Buffer.from(p)])
    for (const q of req.query) options.push([OPT.URI_QUERY, Buffer.from(q)])
    for (const e of req.extra || []) options.push(e)
    if (req.body && r.chance(0.5)) options.push([OPT.CONTENT_FORMAT, uint(50)])
    if (r.chance(0.05)) options.push([OPT.BLOCK2, uint((r.int(0, 3) << 4) | r.int(0, 6))])
    if (r.chance(0.03)) options.push([OPT.ACCEPT, uint(r.pick([0, 50, 60]))])
    options.sort((a, b) => a[0] - b[0])
    return {
        type: r.chance(0.75) ? 0 : 1,
        code: req.code,
        mid: r.int(0, 0xffff),
        token: r.bytes(r.int(0, 8)),
        options,
        payload: req.body ? Buffer.from(JSON.stringify(req.body)) : null,
    }
}

function build(parts) {
    return encode({
        ...parts,
        items: toItems(parts.options),
        payload: parts.payload && parts.payload.length ? parts.payload : null,
    })
}

// --- mutators ------------------------------------------------------------------------------------------------------

function mutateBytes(r, bytes) {
    let b = Buffer.from(bytes)
    const rounds = r.int(1, 4)
    for (let i = 0; i < rounds; i++) {
        const op = r.weighted({ flip: 4, set: 3, insert: 2, remove: 2, truncate: 1, append: 1, header: 2 })
        const at = b.length ? r.int(0, b.length - 1) : 0
        if (op === 'flip' && b.length) b[at] ^= 1 << r.int(0, 7)
        else if (op === 'set' && b.length) b[at] = r.pick([0, 0xff, 0x0d, 0x0e, 0xd0, 0xe0, 0xf0, 0x0f, r.int(0, 255)])
        else if (op === 'insert') b = Buffer.concat([b.subarray(0, at), r.bytes(r.int(1, 8)), b.subarray(at)])
        else if (op === 'remove' && b.length) b = Buffer.concat([b.subarray(0, at), b.subarray(at + r.int(1, 8))])
        else if (op === 'truncate') b = b.subarray(0, r.int(0, b.length))
        else if (op === 'append') b = Buffer.concat([b, r.bytes(r.int(1, 32))])
        else if (op === 'header' && b.length >= 4) b[r.int(0, 3)] = r.int(0, 255)
    }
    return b
}

function mutateOptions(r, parts) {
    const options = parts.options.map(o => [o[0], o[1]])
    const rounds = r.int(1, 3)
    let raw = null
    for (let i = 0; i < rounds; i++) {
        const op = r.weighted({
            add: 5,
            remove: 2,
            duplicate: 2,
            value: 3,
            huge: 1,
            block1: 2,
            observe: 1,
            etag: 1,
            raw: 2,
        })
        if (op === 'add') {
            const len = r.pick([0, 1, 2, 4, 8, 12, 13, 14, 268, 269, 270, r.int(0, 40)])
            options.push([r.chance(0.7) ? r.pick(INTERESTING_OPTIONS) : r.int(0, 65804), r.bytes(len)])
        } else if (op === 'remove' && options.length) options.splice(r.int(0, options.length - 1), 1)
        else if (op === 'duplicate' && options.length) options.push(options[r.int(0, options.length - 1)])
        else if (op === 'value' && options.length) {
            const o = options[r.int(0, options.length - 1)]
            o[1] = r.chance(0.5)
                ? r.bytes(r.int(0, 16))
                : Buffer.from(
                      r.pick([
                          '',
                          'number=',
                          'number=-1',
                          'number=99999999999',
                          'number=1e3',
                          'number',
                          '=',
                          'v1',
                          'sessions',
                          '..',
                          '%00',
                          'é',
                          'action=get_sessions',
                      ])
                  )
        } else if (op === 'huge')
            options.push([r.pick([OPT.URI_PATH, OPT.URI_QUERY, OPT.ETAG, OPT.ECHO, 65000]), r.bytes(r.int(200, 1100))])
        else if (op === 'block1') {
            const num = r.pick([0, 0, 1, 2, 63, 1000, r.int(0, 0xfffff)])
            options.push([OPT.BLOCK1, uint((num << 4) | (r.chance(0.5) ? 8 : 0) | r.int(0, 7))])
            if (r.chance(0.3)) options.push([OPT.SIZE1, uint(r.pick([0, 1024, 1025, 65535, 0xffffffff]))])
            if (r.chance(0.3)) options.push([OPT.REQUEST_TAG, r.bytes(r.int(0, 8))])
        } else if (op === 'observe') options.push([OPT.OBSERVE, uint(r.pick([0, 1, 2, 0xffffff]))])
        else if (op === 'etag')
            options.push([r.pick([OPT.ETAG, OPT.IF_MATCH, OPT.IF_NONE_MATCH, OPT.ECHO]), r.bytes(r.int(0, 9))])
        else if (op === 'raw') raw = true
    }
    options.sort((a, b) => a[0] - b[0])
    const items = toItems(options)
    if (raw && items.length) {
        // Malformed option headers: reserved nibble 15, extended lengths past the end, deltas out of order.
        const it = items[r.int(0, items.length - 1)]
        const what = r.int(0, 3)
        if (what === 0) it.dNib = 15
        else if (what === 1) it.lNib = 15
        else if (what === 2) it.lNib = r.pick([13, 14])
        else it.delta = r.int(0, 65804)
    }
    const payload = parts.payload && parts.payload.length ? parts.payload : null
    return encode({ ...parts, items, payload, marker: payload !== null || r.chance(0.05) })
}

function randomJsonValue(r, depth = 0) {
    const kind = r.weighted({
        int: 3,
        weird: 3,
        string: 3,
        bool: 1,
        null: 1,
        array: depth < 3 ? 1 : 0,
        object: depth < 3 ? 1 : 0,
    })
    if (kind === 'int')
        return r.pick([
            0,
            1,
            -1,
            65535,
            65536,
            1023,
            1024,
            86400,
            86401,
            999,
            1000,
            2 ** 31,
            -(2 ** 31),
            2 ** 53,
            r.int(-1e6, 1e6),
        ])
    if (kind === 'weird') return r.pick([1.5, -0.0, 1e308, -1e308, 5e-324, 0.1, 1e21, 123456789012])
    if (kind === 'string')
        return r.pick([
            '',
            'page',
            'clear',
            'remove',
            'Flash30Sec',
            'x'.repeat(r.int(30, 2000)),
            'Müller',
            '日本語',
            '\u0000',
            '\u001f',
            '\ud800',
            '\u007f',
            '"',
            '\\',
            '2019-06-01T18:00:00',
            '9999-99-99T99:99:99',
            '5',
            'null',
        ])
    if (kind === 'bool') return r.chance(0.5)
    if (kind === 'null') return null
    if (kind === 'array') return Array.from({ length: r.int(0, 4) }, () => randomJsonValue(r, depth + 1))
    const o = {}
    for (let i = r.int(0, 3); i > 0; i--) o[r.pick(['number', 'label', 'a', '', 'é'])] = randomJsonValue(r, depth + 1)
    return o
}

const FIELD_NAMES = [
    'number',
    'goal',
    'label',
    'partySize',
    'action',
    'pageMode',
    'message',
    'systemId',
    'datetime',
    'defaultTargetGoal',
    'statisticsClearMark',
    'sessionCapacity',
    'notifyPingSeconds',
    'radioProtocol',
    'radioRepeats',
    'radioCarrierHz',
    '__proto__',
    'constructor',
    'toString',
    'length',
    'nümber',
    '',
]

function mutateJson(r, parts, req) {
    let text
    if (r.chance(0.6)) {
        let body = req.body && typeof req.body === 'object' ? { ...req.body } : {}
        const rounds = r.int(1, 3)
        for (let i = 0; i < rounds; i++) {
            const op = r.weighted({ value: 5, remove: 2, add: 3, replace: 1 })
            const isObject = body !== null && typeof body === 'object' && !Array.isArray(body)
            const keys = isObject ? Object.keys(body) : []
            if (op === 'value' && keys.length) body[r.pick(keys)] = randomJsonValue(r)
            else if (op === 'remove' && keys.length) delete body[r.pick(keys)]
            else if (op === 'add' && isObject) body[r.pick(FIELD_NAMES)] = randomJsonValue(r)
            else if (op === 'replace') body = randomJsonValue(r)
        }
        text = JSON.stringify(body)
        if (text === undefined) text = ''
    } else {
        text = req.body ? JSON.stringify(req.body) : '{}'
        const op = r.weighted({ truncate: 3, insert: 3, nest: 1, dupKey: 1, whitespace: 1, escapes: 1, garbage: 1 })
        const at = r.int(0, text.length)
        if (op === 'truncate') text = text.slice(0, at)
        else if (op === 'insert')
            text =
                text.slice(0, at) +
                r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '-', '0', 'e', '\u00e9', '\u0000', 'nul', ' ']) +
                text.slice(at)
        else if (op === 'nest') {
            const d = r.int(10, 400)
            text = '{"number":' + '['.repeat(d) + ']'.repeat(d) + '}'
        } else if (op === 'dupKey') text = text.replace('{', '{"number":1,"number":"x",')
        else if (op === 'whitespace') text = text.replace(/,/g, ' ,\t\n ')
        else if (op === 'escapes')
            text = text
                .replace(/"([a-z])/, '"\\u0000$1')
                .replace('Kim', r.pick(['\\ud83d\\ude42\\u00fc', '\\uFFFF', 'K\\ufffe']))
        else text = text.slice(0, at) + r.bytes(r.int(1, 6)).toString('latin1') + text.slice(at)
    }
    let payload = Buffer.from(text, r.chance(0.1) ? 'latin1' : 'utf-8')
    if (r.chance(0.03)) payload = Buffer.concat([payload, Buffer.alloc(r.int(1, 1100), 0x20)])
    if (req.code === 1 && r.chance(0.7)) parts = { ...parts, code: r.pick([2, 3]) }
    return build({ ...parts, payload })
}

function randomHeaderWithOptions(r) {
    const options = []
    for (let i = r.int(0, 6); i > 0; i--)
        options.push([r.pick(INTERESTING_OPTIONS), r.bytes(r.pick([0, 1, 2, 4, r.int(0, 20)]))])
    options.sort((a, b) => a[0] - b[0])
    const payload = r.chance(0.4) ? r.bytes(r.int(1, 64)) : null
    return encode({
        type: r.int(0, 3),
        code: r.chance(0.6) ? r.int(0, 4) : r.int(0, 255),
        mid: r.int(0, 0xffff),
        token: r.bytes(r.chance(0.9) ? r.int(0, 8) : 0),
        items: toItems(options),
        payload,
        marker: payload !== null || r.chance(0.05),
    })
}

/** One fuzz datagram and the name of the generator that made it. */
function nextDatagram(r) {
    const kind = r.weighted({ random: 12, header: 10, valid: 13, bytes: 25, options: 20, json: 20 })
    if (kind === 'random') return { kind, bytes: r.bytes(r.chance(0.8) ? r.int(0, 40) : r.int(41, 1200)) }
    if (kind === 'header') return { kind, bytes: randomHeaderWithOptions(r) }
    const req = validRequest(r)
    const parts = requestParts(r, req)
    if (kind === 'valid') return { kind, bytes: build(parts) }
    if (kind === 'bytes') return { kind, bytes: mutateBytes(r, build(parts)) }
    if (kind === 'options') return { kind, bytes: mutateOptions(r, parts) }
    return { kind, bytes: mutateJson(r, parts, req) }
}

module.exports = { prng, nextDatagram, encode, toItems }
