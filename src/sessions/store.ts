import {
    CLEAR_REMOVED,
    CLEAR_STOP,
    OFF_CLEARED,
    OFF_CLEAR_TYPE,
    OFF_CREATED,
    OFF_GOAL,
    OFF_ID,
    OFF_NOTIFIED,
    OFF_NUMBER,
    OFF_PARTY_SIZE,
    OFF_SEQUENCE,
    OFF_STATE,
    OFF_UUID,
    RECORD_SIZE,
    STATE_CLEARED,
    STATE_FREE,
    STATE_PAGED,
    STATE_STARTED,
    isValidRecord,
    checkLabel,
    readLabel,
    usedBytes,
    writeLabel,
} from "./record"
import { Statistics } from "./statistics"
import { readSmallSetting, writeSmallSetting } from "../settings/small-setting"
import { formatUuid, writeRandomUuid } from "./uuid"

// The ring of session records: `capacity` fixed-size records (record.ts) in one preallocated Buffer, the
// counters (next id, globalSessionSequence) and the running statistics. Changes are written back to settings by
// flush(): one key per slot changed since the last flush ("ses<slot>" = hex of the record's used bytes, "" when
// free), and one for counters + statistics when statistics other than numSessions change (load() recovers new
// ids and numSessions from the records). The server flushes and commits before it answers the requests that made
// the changes (group commit: every request handled while the previous commit was under way shares the next), so
// a power cut loses nothing that was acknowledged.
//
// Capacity. Settings live in the flash header area, append-only: each write appends a 24-byte entry plus the
// value rounded up to 8 bytes, and a garbage collection copies the live entries to the other half. The
// simulator's header area is 8 KB, the ESP32's 16 KB; the same bytecode runs on both, so the smaller one binds.
// A slot key costs at most 24 + 168 (the 162-byte JSON of an 80-byte record in hex) = 192 bytes live; the
// counters key about 120, the clock key 40; 1 KB is left for everyone else's settings (base settings, WiFi,
// the program entry). (8192 - 24 header - 48 slack - 1024 - 160) / 192 = 36 slots: MAX_CAPACITY.
// DEFAULT_CAPACITY 24 keeps live settings near 5.8 KB, so each collection still frees about 2.3 KB in the
// simulator and 10.5 KB on the ESP32 (tens of session events between erases), and costs 24 x 80 = 1.9 KB of
// the 64 KB heap.
export const DEFAULT_CAPACITY = 24
export const MAX_CAPACITY = 36

const SLOT_KEY_PREFIX = "ses"
const COUNTERS_KEY = "sescount"
const COUNTERS_LENGTH = 8

export class SessionStore {
    statistics: Statistics
    private records: Buffer
    private slots: number
    private nextId = 1
    private globalSequence = 0
    /** Per slot, then one entry (at index `slots`) for the counters: 1 when it changed since the last flush. */
    private dirty: Buffer

    /** capacity is clamped to 1..MAX_CAPACITY (a stored setting from elsewhere must not stop the boot). */
    constructor(capacity: number, private persist: boolean) {
        this.slots = Math.max(1, Math.min(MAX_CAPACITY, Math.floor(capacity) || 1))
        this.records = Buffer.alloc(this.slots * RECORD_SIZE)
        this.dirty = Buffer.alloc(this.slots + 1)
        this.statistics = new Statistics()
    }

    /** Restores every slot, the counters and the statistics; a missing or garbled key reads as an empty slot. */
    load() {
        if (!this.persist) return
        this.loadCounters(readSmallSetting(COUNTERS_KEY))
        const countersNextId = this.nextId
        for (let slot = 0; slot < this.slots; ++slot) this.loadSlot(slot, readSmallSetting(SLOT_KEY_PREFIX + slot))
        // Ids and sequences handed out since the counters were written live in the records only: a create does not
        // write the counters (one settings packet fewer), so the newest record carries the next id and each id
        // after the counters' is one more session created.
        for (let slot = 0; slot < this.slots; ++slot) {
            if (this.state(slot) === null) continue
            this.nextId = Math.max(this.nextId, this.id(slot) + 1)
            this.globalSequence = Math.max(this.globalSequence, this.sessionSequence(slot))
        }
        this.statistics.numSessions += this.nextId - countersNextId
    }

    capacity(): number {
        return this.slots
    }

    /** globalSessionSequence: +1 on every change to the sessions, the history or the statistics. */
    sequence(): number {
        return this.globalSequence
    }

    /** The newest timestamp the store holds (for Clock.notBefore after a reboot); 0 when none. */
    latestTime(): number {
        let t = this.statistics.lastClear
        for (let slot = 0; slot < this.slots; ++slot) {
            const base = slot * RECORD_SIZE
            if (this.records[base + OFF_STATE] === STATE_FREE) continue
            t = Math.max(t, this.u32(slot, OFF_CREATED), this.u32(slot, OFF_NOTIFIED), this.u32(slot, OFF_CLEARED))
        }
        return t
    }

    /** Slot of the active (started or paged) session with that pager number, or -1. */
    findActive(number: number): number {
        for (let slot = 0; slot < this.slots; ++slot)
            if (this.isActive(slot) && this.records.getAt(slot * RECORD_SIZE + OFF_NUMBER, "u16") === number)
                return slot
        return -1
    }

    /**
     * A new started session; returns its slot, or -1 when every slot holds an active session. A free slot is
     * used first, else the oldest finished record (lowest id), which leaves the history.
     * Throws RangeError for a label over LABEL_MAX_BYTES or a value that does not fit its field.
     */
    create(number: number, partySize: number, goal: number, label: string | null, now: number): number {
        checkField("number", number, 0xffff)
        checkField("partySize", partySize, 0xffff)
        checkField("goal", goal, 0xffffffff)
        checkLabel(label)
        const slot = this.slotForNew()
        if (slot < 0) return -1
        const b = this.records
        const base = slot * RECORD_SIZE
        b.fillAt(base, RECORD_SIZE, 0)
        b[base + OFF_STATE] = STATE_STARTED
        b.setAt(base + OFF_NUMBER, "u16", number)
        b.setAt(base + OFF_PARTY_SIZE, "u16", partySize)
        b.setAt(base + OFF_ID, "u32", this.nextId++)
        b.setAt(base + OFF_GOAL, "u32", goal)
        b.setAt(base + OFF_CREATED, "u32", now)
        writeRandomUuid(b, base + OFF_UUID)
        writeLabel(b, base, label)
        this.statistics.created()
        // The new id and numSessions are recovered from the record by load().
        this.changed(slot, false)
        return slot
    }

    /** partySize / goal < 0 leave that field alone; keepLabel leaves the label alone. */
    update(slot: number, partySize: number, goal: number, label: string | null, keepLabel: boolean) {
        const base = this.activeBase(slot)
        if (partySize >= 0) checkField("partySize", partySize, 0xffff)
        if (goal >= 0) checkField("goal", goal, 0xffffffff)
        if (!keepLabel) checkLabel(label)
        if (partySize >= 0) this.records.setAt(base + OFF_PARTY_SIZE, "u16", partySize)
        if (goal >= 0) this.records.setAt(base + OFF_GOAL, "u32", goal)
        if (!keepLabel) writeLabel(this.records, base, label)
        this.changed(slot, false)
    }

    /** Marks the session paged; the first page sets notified and counts the guest as served. */
    page(slot: number, now: number) {
        const base = this.activeBase(slot)
        const b = this.records
        const first = b.getAt(base + OFF_NOTIFIED, "u32") === 0
        if (first) {
            b.setAt(base + OFF_NOTIFIED, "u32", now)
            const wait = Math.max(0, now - b.getAt(base + OFF_CREATED, "u32"))
            this.statistics.served(wait, b.getAt(base + OFF_GOAL, "u32"))
        }
        b[base + OFF_STATE] = STATE_PAGED
        this.changed(slot, first)
    }

    /** Finishes the session into the history: clearType STOP (clear) or REMOVED (remove). */
    finish(slot: number, now: number, removed: boolean) {
        const base = this.activeBase(slot)
        this.records[base + OFF_STATE] = STATE_CLEARED
        this.records[base + OFF_CLEAR_TYPE] = removed ? CLEAR_REMOVED : CLEAR_STOP
        this.records.setAt(base + OFF_CLEARED, "u32", now)
        this.changed(slot, false)
    }

    /** Forgets every finished record; returns how many. */
    clearHistory(): number {
        const finished = this.historySlots()
        if (!finished.length) return 0
        const self = this
        finished.forEach(slot => {
            self.records.fillAt(slot * RECORD_SIZE, RECORD_SIZE, 0)
            self.dirty[slot] = 1
        })
        this.globalSequence++
        this.dirty[this.slots] = 1
        return finished.length
    }

    /** Resets the statistics (lastClear = now); a change of the sessions view, so the sequence moves. */
    resetStatistics(now: number) {
        this.statistics.reset(now)
        this.globalSequence++
        this.dirty[this.slots] = 1
    }

    /**
     * Writes every change since the last flush to settings: each changed slot once, whatever number of changes
     * it took, then the counters when they changed. Each write costs a settings packet, which the runtime paces
     * at one per 20 ms after a burst of 5; a sequence saved only in its record is recovered by load(), which
     * takes the highest. The writes are durable once syncSmallSettings() returns.
     */
    flush() {
        // Each flag is cleared before its write: a write pauses this fiber, and a change made meanwhile (by a request
        // handled while the commit fiber flushes) must stay marked for the next flush. A write that throws leaves
        // its flag set again, for the commit that retries.
        for (let i = 0; i <= this.slots; ++i) {
            if (this.dirty[i] === 0) continue
            this.dirty[i] = 0
            try {
                if (!this.persist) continue
                if (i < this.slots) this.saveSlot(i)
                else this.saveCounters()
            } catch (e) {
                this.dirty[i] = 1
                throw e
            }
        }
    }

    /** Active (started or paged) slots, ordered by id ascending. */
    activeSlots(): number[] {
        return this.slotsByIdWhere(false)
    }

    /** Finished (cleared or removed) slots, ordered by id ascending. */
    historySlots(): number[] {
        return this.slotsByIdWhere(true)
    }

    id(slot: number): number {
        return this.u32(slot, OFF_ID)
    }
    uuid(slot: number): string {
        return formatUuid(this.records, slot * RECORD_SIZE + OFF_UUID)
    }
    number(slot: number): number {
        return this.records.getAt(slot * RECORD_SIZE + OFF_NUMBER, "u16")
    }
    partySize(slot: number): number {
        return this.records.getAt(slot * RECORD_SIZE + OFF_PARTY_SIZE, "u16")
    }
    goal(slot: number): number {
        return this.u32(slot, OFF_GOAL)
    }
    created(slot: number): number {
        return this.u32(slot, OFF_CREATED)
    }
    /** 0 = not paged yet */
    notified(slot: number): number {
        return this.u32(slot, OFF_NOTIFIED)
    }
    /** 0 = not finished */
    cleared(slot: number): number {
        return this.u32(slot, OFF_CLEARED)
    }
    /** "started" | "paged" | "cleared"; null for a free slot */
    state(slot: number): string | null {
        const s = this.records[slot * RECORD_SIZE + OFF_STATE]
        return s === STATE_STARTED ? "started" : s === STATE_PAGED ? "paged" : s === STATE_CLEARED ? "cleared" : null
    }
    /** "STOP" | "REMOVED" for a finished session, else null */
    clearType(slot: number): string | null {
        const t = this.records[slot * RECORD_SIZE + OFF_CLEAR_TYPE]
        return t === CLEAR_STOP ? "STOP" : t === CLEAR_REMOVED ? "REMOVED" : null
    }
    sessionSequence(slot: number): number {
        return this.u32(slot, OFF_SEQUENCE)
    }
    label(slot: number): string | null {
        return readLabel(this.records, slot * RECORD_SIZE)
    }

    private u32(slot: number, off: number): number {
        return this.records.getAt(slot * RECORD_SIZE + off, "u32")
    }

    private isActive(slot: number) {
        const s = this.records[slot * RECORD_SIZE + OFF_STATE]
        return s === STATE_STARTED || s === STATE_PAGED
    }

    private activeBase(slot: number): number {
        if (!(slot >= 0 && slot < this.slots && this.isActive(slot)))
            throw new RangeError("slot " + slot + " holds no active session")
        return slot * RECORD_SIZE
    }

    private slotForNew(): number {
        let oldest = -1
        for (let slot = 0; slot < this.slots; ++slot) {
            const s = this.records[slot * RECORD_SIZE + OFF_STATE]
            if (s === STATE_FREE) return slot
            if (s === STATE_CLEARED && (oldest < 0 || this.id(slot) < this.id(oldest))) oldest = slot
        }
        return oldest
    }

    private slotsByIdWhere(finished: boolean): number[] {
        const out: number[] = []
        for (let slot = 0; slot < this.slots; ++slot) {
            const s = this.records[slot * RECORD_SIZE + OFF_STATE]
            if (s !== STATE_FREE && (s === STATE_CLEARED) === finished) out.push(slot)
        }
        const self = this
        out.sort((a, b) => self.id(a) - self.id(b))
        return out
    }

    /** A change to one slot: the sequence moves and the record takes it; `counters` when statistics that load()
     * cannot recover from the records change too. flush() writes them. */
    private changed(slot: number, counters: boolean) {
        this.globalSequence++
        this.records.setAt(slot * RECORD_SIZE + OFF_SEQUENCE, "u32", this.globalSequence)
        this.dirty[slot] = 1
        if (counters) this.dirty[this.slots] = 1
    }

    private saveSlot(slot: number) {
        const base = slot * RECORD_SIZE
        const used = this.records[base + OFF_STATE] === STATE_FREE ? 0 : usedBytes(this.records, base)
        writeSmallSetting(SLOT_KEY_PREFIX + slot, this.records.slice(base, base + used).toString("hex"))
    }

    private saveCounters() {
        const s = this.statistics
        writeSmallSetting(COUNTERS_KEY, [
            this.nextId,
            this.globalSequence,
            s.lastClear,
            s.numSessions,
            s.guestsServed,
            s.lateCount,
            s.onTimeCount,
            s.totalServedSeconds,
        ])
    }

    private loadCounters(v: any) {
        if (!Array.isArray(v) || v.length !== COUNTERS_LENGTH) return
        for (let i = 0; i < COUNTERS_LENGTH; ++i) if (typeof v[i] !== "number" || v[i] < 0) return
        const s = this.statistics
        this.nextId = v[0]
        this.globalSequence = v[1]
        s.lastClear = v[2]
        s.numSessions = v[3]
        s.guestsServed = v[4]
        s.lateCount = v[5]
        s.onTimeCount = v[6]
        s.totalServedSeconds = v[7]
    }

    private loadSlot(slot: number, v: any) {
        const base = slot * RECORD_SIZE
        this.records.fillAt(base, RECORD_SIZE, 0)
        if (typeof v !== "string" || !v.length) return
        const bytes = Buffer.from(v, "hex")
        // Re-encoding catches non-hex characters and odd lengths the decoder may have skipped.
        if (bytes.toString("hex") !== v || !isValidRecord(bytes)) return
        this.records.blitAt(base, bytes, 0, bytes.length)
    }
}

function checkField(name: string, value: number, max: number) {
    if (!(value >= 0 && value <= max && Math.floor(value) === value))
        throw new RangeError(name + " out of range 0.." + max + ": " + value)
}
