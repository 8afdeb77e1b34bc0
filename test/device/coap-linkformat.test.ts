import { describe, test, expect } from "@devicescript/test"
import { formatLinks, Link } from "../../src/coap/linkformat"

// Expected documents written by hand from RFC 6690 §2 (syntax) and §4.1 (query filtering).

const links: Link[] = [
    { href: "/v1/sessions", rt: "t7470.sessions", ifDesc: "core.b", ct: 50, obs: true },
    { href: "/v1/statistics", rt: "t7470.stats core.rp", ct: 50 },
    { href: "/v1/page", ct: 50 },
    { href: "/.well-known/core", ct: 40 },
]
const SESSIONS = '</v1/sessions>;rt="t7470.sessions";if="core.b";ct=50;obs'
const STATISTICS = '</v1/statistics>;rt="t7470.stats core.rp";ct=50'
const PAGE = "</v1/page>;ct=50"
const CORE = "</.well-known/core>;ct=40"

describe("coap link format", () => {
    test("no filter lists every link, comma-separated, attributes quoted where the RFC quotes them", () => {
        expect(formatLinks(links, null, null)).toBe([SESSIONS, STATISTICS, PAGE, CORE].join(","))
    })
    test("an empty list gives an empty document", () => {
        expect(formatLinks([], null, null)).toBe("")
    })
    test("href filter: exact value, and prefix with a trailing '*'", () => {
        expect(formatLinks(links, "href", "/v1/page")).toBe(PAGE)
        expect(formatLinks(links, "href", "/v1/s*")).toBe([SESSIONS, STATISTICS].join(","))
        expect(formatLinks(links, "href", "/v1/s")).toBe("")
    })
    test("rt filter matches any one of the space-separated values", () => {
        expect(formatLinks(links, "rt", "core.rp")).toBe(STATISTICS)
        expect(formatLinks(links, "rt", "t7470.sessions")).toBe(SESSIONS)
        expect(formatLinks(links, "rt", "t7470*")).toBe([SESSIONS, STATISTICS].join(","))
        expect(formatLinks(links, "rt", "t7470")).toBe("")
    })
    test("if and ct filters", () => {
        expect(formatLinks(links, "if", "core.b")).toBe(SESSIONS)
        expect(formatLinks(links, "ct", "40")).toBe(CORE)
        expect(formatLinks(links, "ct", "5*")).toBe([SESSIONS, STATISTICS, PAGE].join(","))
    })
    test("a '*' alone matches every link that has the attribute", () => {
        expect(formatLinks(links, "rt", "*")).toBe([SESSIONS, STATISTICS].join(","))
        expect(formatLinks(links, "href", "*")).toBe([SESSIONS, STATISTICS, PAGE, CORE].join(","))
    })
    test("a key without a value keeps the links that have that attribute", () => {
        expect(formatLinks(links, "if", null)).toBe(SESSIONS)
        expect(formatLinks(links, "rt", null)).toBe([SESSIONS, STATISTICS].join(","))
    })
    test("an unknown filter key matches no link", () => {
        expect(formatLinks(links, "sz", "10")).toBe("")
        expect(formatLinks(links, "obs", null)).toBe("")
        // The base's links have no title (RFC 6690 §5.3 makes it optional), so a title filter finds none.
        expect(formatLinks(links, "title", "*")).toBe("")
    })
})
