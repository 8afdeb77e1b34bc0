// ISO-8601 local date-time without zone ("2018-03-15T11:55:20"), as the T7470 prints it, from integer epoch
// seconds. There is no Date in DeviceScript, so the calendar is done here with integer day arithmetic
// (days-from-civil over 400-year eras). The VM's % is 32-bit, so divisions are floored with Math.floor.

const SECONDS_PER_DAY = 86400
const YEAR_MIN = 2000
const YEAR_MAX = 2099

function floorDiv(a: number, b: number) {
    return Math.floor(a / b)
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year
    const era = floorDiv(y, 400)
    const yoe = y - era * 400
    const mp = month > 2 ? month - 3 : month + 9
    const doy = floorDiv(153 * mp + 2, 5) + day - 1
    const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy
    return era * 146097 + doe - 719468
}

function twoDigits(n: number) {
    return n < 10 ? "0" + n : "" + n
}

/** 1521114920 -> "2018-03-15T11:55:20" */
export function formatIso(epochSeconds: number): string {
    const days = floorDiv(epochSeconds, SECONDS_PER_DAY)
    const secs = epochSeconds - days * SECONDS_PER_DAY
    // civil-from-days, the inverse of daysFromCivil
    const z = days + 719468
    const era = floorDiv(z, 146097)
    const doe = z - era * 146097
    const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365)
    const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100))
    const mp = floorDiv(5 * doy + 2, 153)
    const day = doy - floorDiv(153 * mp + 2, 5) + 1
    const month = mp < 10 ? mp + 3 : mp - 9
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    const hour = floorDiv(secs, 3600)
    const minute = floorDiv(secs - hour * 3600, 60)
    const second = secs - hour * 3600 - minute * 60
    return (
        year +
        "-" +
        twoDigits(month) +
        "-" +
        twoDigits(day) +
        "T" +
        twoDigits(hour) +
        ":" +
        twoDigits(minute) +
        ":" +
        twoDigits(second)
    )
}

/** The value of `count` decimal digits at `start`, or -1 if any of them is not a digit. */
function digitsAt(s: string, start: number, count: number): number {
    let v = 0
    for (let i = start; i < start + count; ++i) {
        const c = s.charCodeAt(i) - 48
        if (c < 0 || c > 9) return -1
        v = v * 10 + c
    }
    return v
}

/**
 * Strict "YYYY-MM-DDTHH:MM:SS" (years 2000..2099, real month lengths) -> epoch seconds; -1 if invalid. A text is
 * valid when the time it reads as formats back to it: daysFromCivil carries a day past its month's end, an hour 24
 * or a second 60 into the next field, and formatIso writes only digits in range and the separators, so any other
 * text comes out different.
 */
export function parseIso(s: string): number {
    if (typeof s !== "string" || s.length !== 19) return -1
    const year = digitsAt(s, 0, 4)
    if (year < YEAR_MIN || year > YEAR_MAX) return -1
    const t =
        daysFromCivil(year, digitsAt(s, 5, 2), digitsAt(s, 8, 2)) * SECONDS_PER_DAY +
        digitsAt(s, 11, 2) * 3600 +
        digitsAt(s, 14, 2) * 60 +
        digitsAt(s, 17, 2)
    return formatIso(t) === s ? t : -1
}
