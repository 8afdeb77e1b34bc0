// Running service figures (docs/api.md 3.1), updated in O(1) per event, never by scanning the ring.
// A guest is served when first paged; late when the wait (notified - created) exceeds the session's goal.

const SECONDS_PER_DAY = 86400
const SECONDS_PER_HOUR = 3600

/** round(100 * part / whole) in integers (halves round up); 0 when whole is 0. */
function percent(part: number, whole: number) {
    return whole ? Math.floor((200 * part + whole) / (2 * whole)) : 0
}

export class Statistics {
    guestsServed = 0
    numSessions = 0
    lateCount = 0
    onTimeCount = 0
    totalServedSeconds = 0
    /** Epoch seconds of the last reset; 0 = never. */
    lastClear = 0

    served(waitSeconds: number, goalSeconds: number) {
        this.guestsServed++
        this.totalServedSeconds += waitSeconds
        if (waitSeconds > goalSeconds) this.lateCount++
        else this.onTimeCount++
    }

    percentLate(): number {
        return percent(this.lateCount, this.guestsServed)
    }

    /** The complement of percentLate, so the two always add up to 100 when anyone was served. */
    percentOnTime(): number {
        return this.guestsServed ? 100 - this.percentLate() : 0
    }

    /** Mean seconds from creation to first page, rounded. */
    averageTimeServed(): number {
        const n = this.guestsServed
        return n ? Math.floor((2 * this.totalServedSeconds + n) / (2 * n)) : 0
    }

    reset(now: number) {
        this.guestsServed = 0
        this.numSessions = 0
        this.lateCount = 0
        this.onTimeCount = 0
        this.totalServedSeconds = 0
        this.lastClear = now
    }
}

/**
 * Whether the daily statistics clear is due: an instance of hour `mark` (settings statisticsClearMark) lies in
 * (lastClear, now]. Marks 0..23 are that hour of the day; 24 is midnight, the same as 0 (the T7470 default is
 * 24 and its documentation does not say it means "never"). Any other mark never clears.
 */
export function clearDue(lastClear: number, now: number, mark: number): boolean {
    if (mark < 0 || mark > 24 || Math.floor(mark) !== mark) return false
    const hour = mark === 24 ? 0 : mark
    const dayStart = Math.floor(now / SECONDS_PER_DAY) * SECONDS_PER_DAY
    let latest = dayStart + hour * SECONDS_PER_HOUR
    if (latest > now) latest -= SECONDS_PER_DAY
    return latest > lastClear
}
