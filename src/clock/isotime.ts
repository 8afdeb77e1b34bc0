// ISO-8601 local date-time without zone ("2018-03-15T11:55:20"), as the T7470 prints it, from integer epoch
// seconds. There is no Date in DeviceScript, so the calendar is done here with integer day arithmetic
// (days-from-civil over 400-year eras). The VM's % is 32-bit, so remainders are taken with Math.floor.

const SECONDS_PER_DAY = 86400
const YEAR_MIN = 2000
const YEAR_MAX = 2099

function floorDiv(a: number, b: number) {
    return Math.floor(a / b)
}

function mod(a: number, b: number) {
    return a - floorDiv(a, b) * b
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

function isLeapYear(year: number) {
    return mod(year, 4) === 0 && (mod(year, 100) !== 0 || mod(year, 400) === 0)
}

function daysInMonth(year: number, month: number) {
    if (month === 2) return isLeapYear(year) ? 29 : 28
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
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

/** Strict "YYYY-MM-DDTHH:MM:SS" (years 2000..2099, real month lengths) -> epoch seconds; -1 if invalid. */
export function parseIso(s: string): number {
    if (typeof s !== "string" || s.length !== 19) return -1
    if (s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":") return -1
    const year = digitsAt(s, 0, 4)
    const month = digitsAt(s, 5, 2)
    const day = digitsAt(s, 8, 2)
    const hour = digitsAt(s, 11, 2)
    const minute = digitsAt(s, 14, 2)
    const second = digitsAt(s, 17, 2)
    if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12) return -1
    if (day < 1 || day > daysInMonth(year, month)) return -1
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1
    return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
}
