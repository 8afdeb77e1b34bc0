import { describe, test, expect } from "@devicescript/test"
import { formatIso, parseIso } from "../../src/clock/isotime"

// Epochs computed by hand: 2000-01-01 = 946684800 (10957 days after 1970-01-01); 2018-03-15T00:00:00 =
// 1521072000; 2019-01-01 = 1546300800; 2024-01-01 = 1704067200; 2100-01-01 = 4102444800
// (130 * 365 + 32 leap days = 47482 days). Leap-day dates add 31 + 28 (or 29) days to the year start.

describe("clock isotime", () => {
    test("formats the T7470 example time", () => {
        expect(formatIso(1521114920)).toBe("2018-03-15T11:55:20")
    })
    test("formats the fresh-device epoch and the last second of 2099", () => {
        expect(formatIso(946684800)).toBe("2000-01-01T00:00:00")
        expect(formatIso(4102444799)).toBe("2099-12-31T23:59:59")
    })
    test("formats leap days and the days around them", () => {
        expect(formatIso(946684800 + 59 * 86400)).toBe("2000-02-29T00:00:00")
        expect(formatIso(946684800 + 60 * 86400)).toBe("2000-03-01T00:00:00")
        expect(formatIso(1704067200 + 59 * 86400 + 43200)).toBe("2024-02-29T12:00:00")
        expect(formatIso(1546300800 + 59 * 86400 - 1)).toBe("2019-02-28T23:59:59")
        expect(formatIso(1546300800 + 59 * 86400)).toBe("2019-03-01T00:00:00")
    })
    test("parses the T7470 example time", () => {
        expect(parseIso("2018-03-15T11:55:20")).toBe(1521114920)
        expect(parseIso("2018-03-15T00:00:00")).toBe(1521072000)
    })
    test("parses the year range ends", () => {
        expect(parseIso("2000-01-01T00:00:00")).toBe(946684800)
        expect(parseIso("2099-12-31T23:59:59")).toBe(4102444799)
        expect(parseIso("2023-12-31T23:59:59")).toBe(1704067199)
    })
    test("parses leap days of leap years, including 2000 (divisible by 400)", () => {
        expect(parseIso("2000-02-29T00:00:00")).toBe(951782400)
        expect(parseIso("2024-02-29T12:00:00")).toBe(1709208000)
        expect(parseIso("2019-02-28T23:59:59")).toBe(1551398399)
    })
    test("rejects days past the month end", () => {
        expect(parseIso("2019-02-29T00:00:00")).toBe(-1)
        expect(parseIso("2024-02-30T00:00:00")).toBe(-1)
        expect(parseIso("2018-04-31T00:00:00")).toBe(-1)
        expect(parseIso("2018-06-31T00:00:00")).toBe(-1)
        expect(parseIso("2018-09-31T00:00:00")).toBe(-1)
        expect(parseIso("2018-11-31T00:00:00")).toBe(-1)
        expect(parseIso("2018-12-32T00:00:00")).toBe(-1)
        expect(parseIso("2018-03-00T00:00:00")).toBe(-1)
    })
    test("accepts the last day of every month", () => {
        expect(parseIso("2018-01-31T00:00:00")).not().toBe(-1)
        expect(parseIso("2018-04-30T00:00:00")).not().toBe(-1)
        expect(parseIso("2018-12-31T00:00:00")).not().toBe(-1)
    })
    test("rejects out-of-range fields and years outside 2000..2099", () => {
        expect(parseIso("1999-12-31T23:59:59")).toBe(-1)
        expect(parseIso("2100-01-01T00:00:00")).toBe(-1)
        expect(parseIso("2018-00-10T00:00:00")).toBe(-1)
        expect(parseIso("2018-13-01T00:00:00")).toBe(-1)
        expect(parseIso("2018-03-15T24:00:00")).toBe(-1)
        expect(parseIso("2018-03-15T11:60:00")).toBe(-1)
        expect(parseIso("2018-03-15T11:55:60")).toBe(-1)
    })
    test("rejects other shapes: zone, space, missing digits, signs, letters", () => {
        expect(parseIso("2018-03-15T11:55:20Z")).toBe(-1)
        expect(parseIso("2018-03-15 11:55:20")).toBe(-1)
        expect(parseIso("2018-3-15T11:55:20")).toBe(-1)
        expect(parseIso("2018-03-15T11:55:2a")).toBe(-1)
        expect(parseIso("+018-03-15T11:55:20")).toBe(-1)
        expect(parseIso("2018-03-15T-1:55:20")).toBe(-1)
        expect(parseIso("2018/03/15T11:55:20")).toBe(-1)
        expect(parseIso("")).toBe(-1)
    })
    test("formatting a parsed time gives the same text back", () => {
        const times = ["2000-12-31T23:59:59", "2038-01-19T03:14:08", "2071-07-04T09:05:01", "2096-02-29T18:30:00"]
        times.forEach(t => expect(formatIso(parseIso(t))).toBe(t))
    })
})
