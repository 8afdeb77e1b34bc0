import {
    ClearType,
    LABEL_MAX_BYTES,
    LABEL_NULL,
    OFF_CLEAR_TYPE,
    OFF_LABEL_JSON,
    OFF_LABEL_LEN,
    OFF_STATE,
    RECORD_SIZE,
    STATE_CLEARED,
    STATE_FREE,
    STATE_PAGED,
    STATE_STARTED,
    checkLabel,
    labelJsonLength,
    Field,
} from "./record"
import { Evict, LabelFrames } from "./label-frames"
import { RecentLabels } from "./recent-labels"
import { Statistics } from "./statistics"
import { Persistence, readBinarySetting, writeBinarySetting } from "../settings/small-setting"
import { Copy, beginCommit, endCommit, keyOf, putValue } from "../settings/atomic-commit"
import { UUID_BYTES, derivedUuid, formatUuid, hasUuid } from "./uuid"
import { randomBuffer } from "@devicescript/crypto"
import {
    LEGACY_SLOTS,
    SLOTS_PER_KEY,
    decodeGroup,
    decodeLegacy,
    encodeGroup,
    groupKey,
    copyStoredLabels,
    isLegacyValue,
    storedLabel,
} from "./persisted"
import { utf8Text } from "../text/utf8"
import { KeyWidth, SortedSlots } from "./sorted-slots"
import { BOTH_KEYS_MAX_CAPACITY, LABEL_FRAMES, MAX_CAPACITY } from "../limits"

// The ring of session records: `capacity` fixed-size records (record.ts) in one preallocated Buffer, the
// counters (next id, globalSessionSequence) and the running statistics. Changes are written back to settings by
// flush(): one binary value per group of SLOTS_PER_KEY slots changed since the last flush (persisted.ts), and one
// for counters + statistics when statistics other than numSessions change (load() recovers new ids and
// numSessions from the records); several values all at once or none (docs/storage.md "Atomic commits"). The server
// flushes before it answers the requests that made the changes (group commit: every request handled while the
// previous commit was under way shares the next), so a power cut loses nothing that was acknowledged. README
// "Storage" gives the layout and what each capacity costs; src/limits.ts the capacity bounds.

/** update(): a partySize or goal that leaves the field as it is (any negative number does). */
export const UNCHANGED = -1
/** update(): whether the label is replaced (null clears it) or left as it is. */
export const enum Label {
    Keep,
    Replace,
}

const COUNTERS_KEY = "sescount"
/** The 16-byte key session uuids are derived from (uuid.ts), written once. */
const UUID_KEY = "sesuuid"
const COUNTERS_LENGTH = 8
/** The first byte of the binary counters value; the JSON array they replace starts with "[". */
const COUNTERS_VERSION = 1
/** A value written over one that is no longer read, to free its room in flash. */
const EMPTY = Buffer.alloc(1)

export class SessionStore {
    statistics: Statistics
    /** The records (layout in record.ts), for readers that need many fields of many slots; read only. */
    readonly records: Buffer
    /** The labels' bytes, in frames (label-frames.ts). */
    private labels: LabelFrames
    /** The last labels read from flash that found no frame (recent-labels.ts). */
    private recent = new RecentLabels()
    /**
     * How many renders wait for a label read from flash (label()): while any does, the server changes nothing, so
     * what one render writes is of one moment (docs/storage.md "Labels in RAM").
     */
    labelReads = 0
    /** The capacity. */
    readonly slots: number
    private nextId = 1
    /** globalSessionSequence: +1 on every change to the sessions, the history or the statistics; read only. */
    sequence = 0
    /** Per group of slots (persisted.ts), then one entry for the counters: 1 when it changed since the last flush. */
    private dirty: Buffer
    private groups: number
    /** Keys of the hex layout beyond this ring's groups, found by load(): flush() overwrites them once. */
    private legacyLeft: number[] = []
    /** Every slot in use, by id (the order of the views) and by sessionSequence; the active ones by pager number. */
    private byId: SortedSlots
    private bySequence: SortedSlots
    private byNumber: SortedSlots
    /** No free slot below it. */
    private freeFrom = 0
    /** Per slot, a number a reader keeps with it until the slot changes (0: none); see memo(). */
    private memos: Buffer
    /**
     * While flush() writes: per group (and the counters), 1 while its value is still to write, 2 once a change made
     * meanwhile has kept its value as the flush began in `kept`; null otherwise. So a flush writes the state as it
     * was when it began, whatever requests handled meanwhile change (docs/storage.md "Atomic commits").
     */
    private unwritten: Buffer = null
    /** While flush() runs, the groups it writes: their labels stay in frames until it is done. */
    private flushing: Buffer = null
    private kept: Buffer[] = []
    /** Set by a change of many slots made while flush() writes: that flush throws rather than switch. */
    private spoiled = false
    /** The key session uuids are derived from (uuid.ts): a new one, unless load() finds one in flash. */
    private uuidKey = randomBuffer(UUID_BYTES)
    /** Until flash holds the key, flush() writes it before any record whose uuid is derived from it. */
    private keyUnstored = true
    /**
     * Stored uuids, UUID_BYTES per slot (all 0: derived), or null while every session's uuid is derived. Room for
     * them until the first load() finds none; no stored uuid appears after it, so a revert's load() reloads into
     * what is kept and allocates nothing in a heap the base may have fragmented.
     */
    private uuids: Buffer

    /**
     * capacity is clamped to 1..MAX_CAPACITY (a stored setting from elsewhere must not stop the boot); `frames`: the
     * labels kept in RAM at most (tests give fewer).
     */
    constructor(
        capacity: number,
        private persistence: Persistence,
        frames = LABEL_FRAMES
    ) {
        this.slots = Math.max(1, Math.min(MAX_CAPACITY, Math.floor(capacity) || 1))
        this.groups = Math.ceil(this.slots / SLOTS_PER_KEY)
        // Whole groups: a slot past the capacity stays free.
        this.records = Buffer.alloc(this.groups * SLOTS_PER_KEY * RECORD_SIZE)
        this.dirty = Buffer.alloc(this.groups + 1)
        // Labels leave RAM only where flash holds them: a ring in RAM only keeps a frame per slot.
        this.labels = new LabelFrames(
            this.groups * SLOTS_PER_KEY,
            persistence ? Math.min(this.slots, frames) : this.slots,
            SLOTS_PER_KEY,
            this.records,
            this.dirty
        )
        this.memos = Buffer.alloc(this.slots * 2)
        this.uuids = persistence ? Buffer.alloc(this.groups * SLOTS_PER_KEY * UUID_BYTES) : null
        this.statistics = new Statistics()
        this.byId = new SortedSlots(this.slots, this.records, Field.Id, KeyWidth.U32)
        this.bySequence = new SortedSlots(this.slots, this.records, Field.Sequence, KeyWidth.U32)
        this.byNumber = new SortedSlots(this.slots, this.records, Field.Number, KeyWidth.U16)
    }

    /**
     * Restores the uuid key (if flash has one), every slot, the counters and the statistics; a missing or garbled
     * key reads as an empty slot. Values of the hex layout (persisted.ts) are taken over, and every group is marked
     * for the next flush, which writes them in the binary layout, all at once (a power cut during it loses nothing).
     */
    load() {
        if (!this.persistence) return
        const key = this.keyUnstored ? readBinarySetting(UUID_KEY) : null
        if (key && key.length === UUID_BYTES) {
            this.uuidKey = key
            this.keyUnstored = false
        }
        const stored = readBinarySetting(keyOf(Copy.Counters, COUNTERS_KEY, 0))
        const v = decodeCounters(stored)
        if (v) {
            const s = this.statistics
            this.nextId = v[0]
            this.sequence = v[1]
            s.lastClear = v[2]
            s.numSessions = v[3]
            s.guestsServed = v[4]
            s.lateCount = v[5]
            s.onTimeCount = v[6]
            s.totalServedSeconds = v[7]
            // The layout before: a JSON array, rewritten in binary by the next flush.
            if (stored[0] !== COUNTERS_VERSION) this.dirty[this.groups] = 1
        }
        const countersNextId = this.nextId
        const binary = Buffer.alloc(this.groups)
        const uuids = this.uuids
        let anyUuid = false
        const legacy: Buffer[] = []
        let anyLegacy = false
        for (let k = 0; k < Math.max(this.groups, LEGACY_SLOTS); ++k) {
            // Beyond the ring's groups, only a hex key of the layout before is looked for.
            const value = readBinarySetting(k < this.groups ? keyOf(k, groupKey(k), 0) : groupKey(k))
            const old = isLegacyValue(value)
            legacy.push(old ? value : null)
            if (old) {
                anyLegacy = true
                if (k >= this.groups) this.legacyLeft.push(k)
            } else if (
                value &&
                k < this.groups &&
                decodeGroup(value, this.records, uuids, this.labels, k * SLOTS_PER_KEY)
            ) {
                binary[k] = 1
                // Indexed group by group: each read above ends a VM slice, so the work is spread over them.
                for (let i = 0; i < SLOTS_PER_KEY; ++i) this.adopt(k * SLOTS_PER_KEY + i)
            }
        }
        for (let slot = 0; slot < this.slots; ++slot) {
            const group = Math.floor(slot / SLOTS_PER_KEY)
            if (!binary[group] && legacy[slot] && decodeLegacy(legacy[slot], this.records, uuids, this.labels, slot))
                this.adopt(slot)
        }
        // A group stored by a larger ring may hold a record past this one's capacity: it is not kept.
        const end = this.slots * RECORD_SIZE
        this.records.fillAt(end, this.records.length - end, 0)
        for (let slot = this.slots; slot < this.groups * SLOTS_PER_KEY; ++slot) this.labels.release(slot)
        if (anyLegacy) {
            console.log("sessions: rewriting the ring in the binary layout")
            this.dirty.fillAt(0, this.dirty.length, 1)
        }
        // Ids and sequences handed out since the counters were written live in the records only: a create does not
        // write the counters (one settings packet fewer), so the newest record carries the next id and each id
        // after the counters' is one more session created.
        for (let slot = 0; slot < this.slots; ++slot) {
            if (this.state(slot) === null) continue
            if (hasUuid(uuids, slot)) anyUuid = true
            this.nextId = Math.max(this.nextId, this.field(slot, Field.Id) + 1)
            this.sequence = Math.max(this.sequence, this.field(slot, Field.Sequence))
        }
        this.statistics.numSessions += this.nextId - countersNextId
        if (!anyUuid) this.uuids = null
    }

    /**
     * Undoes every change since the last flush that succeeded: the slots, counters and statistics as flash holds
     * them (load() again), for a commit that failed, whose requests are answered 5.03 (a flush that throws has
     * changed nothing in flash). Pauses, as load() does: the server refuses requests meanwhile
     * (coap/group-commit.ts). The sequence still moves forward, past every value readers may have seen of the
     * changes undone.
     */
    revert() {
        const sequence = this.sequence
        for (const b of [this.records, this.dirty, this.memos]) b.fillAt(0, b.length, 0)
        this.byId.clear()
        this.bySequence.clear()
        this.byNumber.clear()
        this.statistics.reset(0)
        this.nextId = 1
        this.freeFrom = 0
        this.unwritten = null
        this.flushing = null
        this.labels.clear()
        this.load()
        this.sequence = sequence + 1
    }

    /** The newest timestamp the store holds (for Clock.notBefore after a reboot); 0 when none. */
    latestTime(): number {
        let t = this.statistics.lastClear
        for (let slot = 0; slot < this.slots; ++slot) {
            const base = slot * RECORD_SIZE
            if (this.records[base + OFF_STATE] === STATE_FREE) continue
            t = Math.max(
                t,
                this.field(slot, Field.Created),
                this.field(slot, Field.Notified),
                this.field(slot, Field.Cleared)
            )
        }
        return t
    }

    /** Slot of the active (started or paged) session with that pager number, or -1. */
    findActive(number: number): number {
        return this.byNumber.find(number)
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
        this.keep(slot)
        const b = this.records
        const base = slot * RECORD_SIZE
        this.bySequence.remove(slot)
        b.fillAt(base, RECORD_SIZE, 0)
        b[base + OFF_STATE] = STATE_STARTED
        b.setAt(base + Field.Number, "u16", number)
        b.setAt(base + Field.PartySize, "u16", partySize)
        b.setAt(base + Field.Id, "u32", this.nextId++)
        b.setAt(base + Field.Goal, "u32", goal)
        b.setAt(base + Field.Created, "u32", now)
        if (this.uuids) this.uuids.fillAt(slot * UUID_BYTES, UUID_BYTES, 0)
        this.writeLabel(slot, label)
        this.byId.append(slot)
        this.byNumber.insert(slot)
        this.statistics.numSessions++
        // The new id and numSessions are recovered from the record by load().
        this.changed(slot)
        return slot
    }

    /** partySize / goal UNCHANGED leave that field alone; Label.Keep leaves the label alone. */
    update(slot: number, partySize: number, goal: number, label: string | null, labelUpdate: Label) {
        const base = this.activeBase(slot)
        if (partySize >= 0) checkField("partySize", partySize, 0xffff)
        if (goal >= 0) checkField("goal", goal, 0xffffffff)
        if (labelUpdate === Label.Replace) checkLabel(label)
        if (partySize >= 0) this.records.setAt(base + Field.PartySize, "u16", partySize)
        if (goal >= 0) this.records.setAt(base + Field.Goal, "u32", goal)
        if (labelUpdate === Label.Replace) this.writeLabel(slot, label)
        this.changed(slot)
    }

    /** Marks the session paged; the first page sets notified and counts the guest as served. */
    page(slot: number, now: number) {
        const base = this.activeBase(slot)
        const b = this.records
        const first = b.getAt(base + Field.Notified, "u32") === 0
        if (first) b.setAt(base + Field.Notified, "u32", now)
        b[base + OFF_STATE] = STATE_PAGED
        this.changed(slot)
        if (first) {
            this.statistics.served(Math.max(0, now - this.field(slot, Field.Created)), this.field(slot, Field.Goal))
            this.dirty[this.groups] = 1
        }
    }

    /** Finishes the session into the history: ClearType.Stop (clear) or ClearType.Removed (remove). */
    finish(slot: number, now: number, clearType: ClearType) {
        this.activeBase(slot)
        this.byNumber.remove(slot)
        markFinished(this.records, slot, now, clearType)
        this.changed(slot)
    }

    /**
     * Finishes every active session at once (DELETE of the whole list): as finish() for each, in id order, with
     * the indexes rebuilt once, so that 256 of them stay well within one VM slice.
     */
    finishAll(now: number, clearType: ClearType) {
        this.spoiled = this.spoiled || this.unwritten !== null
        const active = this.activeSlots()
        const finished = Buffer.alloc(this.slots)
        for (let i = 0; i < active.length; ++i) {
            const slot = active[i]
            markFinished(this.records, slot, now, clearType)
            this.stamp(slot)
            finished[slot] = 1
        }
        // The others keep their order; the finished ones follow, in the order their sequences were given.
        this.bySequence.removeMarked(finished)
        for (let i = 0; i < active.length; ++i) this.bySequence.append(active[i])
        this.byNumber.clear()
    }

    /** Forgets every finished record; returns how many. */
    clearHistory(): number {
        this.spoiled = this.spoiled || this.unwritten !== null
        const finished = this.historySlots()
        if (!finished.length) return 0
        const marked = Buffer.alloc(this.slots)
        for (let i = 0; i < finished.length; ++i) {
            const slot = finished[i]
            marked[slot] = 1
            this.records.fillAt(slot * RECORD_SIZE, RECORD_SIZE, 0)
            this.labels.release(slot)
            this.memos.setAt(slot * 2, "u16", 0)
            this.dirty[Math.floor(slot / SLOTS_PER_KEY)] = 1
        }
        this.byId.removeMarked(marked)
        this.bySequence.removeMarked(marked)
        this.freeFrom = 0
        this.sequence++
        this.dirty[this.groups] = 1
        return finished.length
    }

    /** Resets the statistics (lastClear = now); a change of the sessions view, so the sequence moves. */
    resetStatistics(now: number) {
        this.statistics.reset(now)
        this.sequence++
        this.dirty[this.groups] = 1
    }

    /**
     * Writes every change since the last flush to settings, with the settings staged meanwhile, in one atomic
     * commit (settings/atomic-commit.ts): each changed group once, whatever number of changes it took, and the
     * counters, if they changed, all as they were when it began. Each write costs a settings packet, which the
     * runtime paces at one per 20 ms after a burst of 5; a sequence saved only in its record is recovered by load(),
     * which takes the highest. The writes are durable when it returns (it reads each one back); when it throws,
     * flash holds none of them, and revert() must follow: the changes are no longer marked.
     */
    flush() {
        if (!this.persistence) return
        // A write may pause this fiber, and requests handled meanwhile change the store: their changes are marked
        // for the next flush, and keep() holds back what this one writes (see unwritten).
        const batch = this.dirty.slice(0)
        this.flushing = batch
        this.dirty.fillAt(0, this.dirty.length, 0)
        let count = 0
        for (let i = 0; i <= this.groups; ++i) count += batch[i]
        const s = this.statistics
        const counters = encodeCounters([
            this.nextId,
            this.sequence,
            s.lastClear,
            s.numSessions,
            s.guestsServed,
            s.lateCount,
            s.onTimeCount,
            s.totalServedSeconds,
        ])
        // From here until every value is written (or revert(), after a throw).
        const unwritten = (this.unwritten = batch.slice(0))
        this.kept = []
        this.spoiled = false
        const several = beginCommit(count)
        // The key before any record derived from it. It is smaller than any group: a full flash store that refuses
        // it refuses the groups after it too (docs/storage.md "Session uuids").
        if (this.keyUnstored) writeBinarySetting(UUID_KEY, this.uuidKey)
        for (let i = 0; i < this.groups; ++i) {
            if (!batch[i]) continue
            const kept = unwritten[i] > 1
            const value = kept ? this.kept[i] : encodeGroup(this.records, this.uuids, this.labels, i * SLOTS_PER_KEY)
            const missing = kept ? unwritten[i] - 2 : this.framelessSlots(i)
            unwritten[i] = 0
            // Labels that left RAM are unchanged since the value this one replaces: copied from it (a read pauses).
            if (missing) copyStoredLabels(value, readBinarySetting(keyOf(i, groupKey(i), 0)), missing)
            putValue(i, groupKey(i), value)
        }
        this.unwritten = null
        if (batch[this.groups]) putValue(Copy.Counters, COUNTERS_KEY, counters)
        if (this.spoiled) throw new Error("sessions changed while they were written")
        endCommit()
        this.flushing = null
        this.keyUnstored = false
        // What no key read again holds: emptied, to free its room (the counters' is small, and stays). These writes
        // are not checked: a write the store drops, or a power cut before it, leaves only that room taken.
        try {
            // The groups' keys a commit of several left behind, in a ring that cannot keep both (limits.ts).
            if (this.slots > BOTH_KEYS_MAX_CAPACITY)
                for (let i = 0; i < this.groups; ++i)
                    if (batch[i] & several) writeBinarySetting(keyOf(i, groupKey(i), 1), EMPTY, false)
            // Hex-layout keys beyond this ring's groups, whose slots the groups now hold: a free slot in their place.
            for (const k of this.legacyLeft) writeBinarySetting(groupKey(k), EMPTY, false)
        } catch (e) {
            // A read-back pacing these writes failed for a write of another fiber (the clock's checkpoint): this
            // commit is done all the same.
        }
        this.legacyLeft = []
    }

    /** Active (started or paged) slots, ordered by id ascending (a byte each: an array of 256 numbers costs KBs). */
    activeSlots(): Buffer {
        return this.slotsByIdWhere(false)
    }

    /** The slots in use whose sessionSequence is above `since`, oldest change first (a byte each). */
    changedSince(since: number): Buffer {
        const n = this.bySequence.size()
        let i = n
        while (i > 0 && this.field(this.bySequence.at(i - 1), Field.Sequence) > since) i--
        const out = Buffer.alloc(n - i)
        for (let j = i; j < n; ++j) out[j - i] = this.bySequence.at(j)
        return out
    }

    /** Finished (cleared or removed) slots, ordered by id ascending. */
    historySlots(): Buffer {
        return this.slotsByIdWhere(true)
    }

    /** A numeric field of the slot's record; notified and cleared are 0 until they happen. */
    field(slot: number, f: Field): number {
        const at = slot * RECORD_SIZE + f
        return f < Field.Id ? this.records.getAt(at, "u16") : this.records.getAt(at, "u32")
    }
    uuid(slot: number): string {
        if (hasUuid(this.uuids, slot)) return formatUuid(this.uuids, slot * UUID_BYTES)
        return formatUuid(derivedUuid(this.uuidKey, this.records, slot * RECORD_SIZE), 0)
    }
    /** "started" | "paged" | "cleared"; null for a free slot */
    state(slot: number): string | null {
        const s = this.records[slot * RECORD_SIZE + OFF_STATE]
        return s === STATE_STARTED ? "started" : s === STATE_PAGED ? "paged" : s === STATE_CLEARED ? "cleared" : null
    }
    /** "STOP" | "REMOVED" for a finished session, else null */
    clearType(slot: number): string | null {
        const t = this.records[slot * RECORD_SIZE + OFF_CLEAR_TYPE]
        return t === ClearType.Stop ? "STOP" : t === ClearType.Removed ? "REMOVED" : null
    }
    /**
     * The slot's label. One that left RAM is read from flash, which holds it as it is (docs/storage.md "Labels in
     * RAM"): the read pauses the caller, and labelReads says so meanwhile, for the server to change nothing.
     */
    label(slot: number): string | null {
        const len = this.records[slot * RECORD_SIZE + OFF_LABEL_LEN]
        if (len === LABEL_NULL) return null
        if (!len) return ""
        const at = this.labels.frame(slot) * LABEL_MAX_BYTES
        if (at >= 0) return utf8Text(this.labels.bytes.slice(at, at + len))
        const sequence = this.field(slot, Field.Sequence)
        let bytes = this.recent.find(slot, sequence)
        if (bytes) return utf8Text(bytes)
        const group = Math.floor(slot / SLOTS_PER_KEY)
        this.labelReads++
        bytes = storedLabel(readBinarySetting(keyOf(group, groupKey(group), 0)), slot % SLOTS_PER_KEY)
        this.labelReads--
        if (!bytes || bytes.length !== len) {
            console.log("sessions: label of slot " + slot + " not found in flash")
            return null
        }
        // Into a frame for the next render, unless that would send a waiting guest's label to flash: a list of more
        // waiting guests than frames would then read every label, each time. Else kept among the last read.
        if (!this.labels.put(slot, bytes, 0, len, Evict.Finished, this.flushing))
            this.recent.keep(slot, sequence, bytes)
        return utf8Text(bytes)
    }

    /**
     * Whether `slot` (-1: a new session) can take `label` now: its bytes need a frame, and while every frame holds a
     * label of a group not yet written, there is none (5.03 then; the commit under way frees them).
     */
    roomForLabel(slot: number, label: string | null): boolean {
        if (label === null || !label.length || (slot >= 0 && this.labels.frame(slot) >= 0)) return true
        return this.labels.available(Evict.Any, this.flushing) >= 0
    }
    /** What setMemo(slot) kept, until the slot changed (then 0): e.g. the length of its rendering, 1..65535. */
    memo(slot: number): number {
        return this.memos.getAt(slot * 2, "u16")
    }
    setMemo(slot: number, value: number) {
        this.memos.setAt(slot * 2, "u16", value)
    }

    /** The offset of an active slot's record, about to change (see keep()); throws RangeError for another slot. */
    private activeBase(slot: number): number {
        if (!(slot >= 0 && slot < this.slots && isActive(this.records, slot)))
            throw new RangeError("slot " + slot + " holds no active session")
        this.keep(slot)
        return slot * RECORD_SIZE
    }

    /** Before a change of `slot`: while flush() has its group still to write, keeps the group's value as it was. */
    private keep(slot: number) {
        const g = Math.floor(slot / SLOTS_PER_KEY)
        if (this.unwritten && this.unwritten[g] === 1) {
            this.kept[g] = encodeGroup(this.records, this.uuids, this.labels, g * SLOTS_PER_KEY)
            // 2, plus the slots whose labels the value lacks (flush() copies them from flash).
            this.unwritten[g] = 2 + this.framelessSlots(g)
        }
    }

    /** Sets the label of `slot`, its bytes in a frame (roomForLabel() said there is one). */
    private writeLabel(slot: number, label: string | null) {
        const base = slot * RECORD_SIZE
        const bytes = label === null ? null : Buffer.from(label)
        this.records[base + OFF_LABEL_LEN] = bytes ? bytes.length : LABEL_NULL
        this.records[base + OFF_LABEL_JSON] = labelJsonLength(label)
        if (!bytes || !bytes.length) this.labels.release(slot)
        else if (!this.labels.put(slot, bytes, 0, bytes.length, Evict.Any, this.flushing))
            throw new Error("no frame for the label of slot " + slot)
    }

    /** The group's slots whose labels left RAM, as bits (bit i: its i-th slot). */
    private framelessSlots(group: number): number {
        let bits = 0
        for (let i = 0; i < SLOTS_PER_KEY; ++i) {
            const slot = group * SLOTS_PER_KEY + i
            const len = this.records[slot * RECORD_SIZE + OFF_LABEL_LEN]
            if (len !== LABEL_NULL && len > 0 && this.labels.frame(slot) < 0) bits |= 1 << i
        }
        return bits
    }

    /** A free slot, else the oldest finished one (taken out of the id order); -1 when every slot is active. */
    private slotForNew(): number {
        if (this.byId.size() < this.slots) {
            while (this.records[this.freeFrom * RECORD_SIZE + OFF_STATE] !== STATE_FREE) this.freeFrom++
            return this.freeFrom
        }
        for (let i = 0; i < this.byId.size(); ++i) {
            const slot = this.byId.at(i)
            if (!isActive(this.records, slot)) {
                this.byId.remove(slot)
                return slot
            }
        }
        return -1
    }

    /** The slots in use in id order, finished or not. */
    private slotsByIdWhere(finished: boolean): Buffer {
        const records = this.records
        const n = this.byId.size()
        const matching = Buffer.alloc(n)
        let count = 0
        for (let i = 0; i < n; ++i) {
            const slot = this.byId.at(i)
            // the state byte read here, not through isActive(): this runs for every slot of every list rendered
            if ((records[slot * RECORD_SIZE + OFF_STATE] === STATE_CLEARED) === finished) matching[count++] = slot
        }
        return matching.slice(0, count)
    }

    /** Indexes a slot load() restored (none past the capacity). */
    private adopt(slot: number) {
        if (slot >= this.slots || this.state(slot) === null) return
        this.byId.insert(slot)
        this.bySequence.insert(slot)
        if (isActive(this.records, slot)) this.byNumber.insert(slot)
    }

    /** A change to one slot: it moves to the end of the sequence index, see stamp(). flush() writes it. */
    private changed(slot: number) {
        this.bySequence.remove(slot)
        this.stamp(slot)
        this.bySequence.append(slot)
    }

    /** The sequence moves and the record takes it; its memo is forgotten and its group marked for flush(). */
    private stamp(slot: number) {
        this.records.setAt(slot * RECORD_SIZE + Field.Sequence, "u32", ++this.sequence)
        this.memos.setAt(slot * 2, "u16", 0)
        this.dirty[Math.floor(slot / SLOTS_PER_KEY)] = 1
    }
}

function checkField(name: string, value: number, max: number) {
    if (!(value >= 0 && value <= max && Math.floor(value) === value))
        throw new RangeError(name + " out of range 0.." + max + ": " + value)
}

function isActive(records: Buffer, slot: number) {
    const s = records[slot * RECORD_SIZE + OFF_STATE]
    return s === STATE_STARTED || s === STATE_PAGED
}

function markFinished(records: Buffer, slot: number, now: number, clearType: ClearType) {
    const base = slot * RECORD_SIZE
    records[base + OFF_STATE] = STATE_CLEARED
    records[base + OFF_CLEAR_TYPE] = clearType
    records.setAt(base + Field.Cleared, "u32", now)
}

/** The counters' binary value: COUNTERS_VERSION, then each as a u32. */
function encodeCounters(values: number[]): Buffer {
    const out = Buffer.alloc(1 + 4 * COUNTERS_LENGTH)
    out[0] = COUNTERS_VERSION
    for (let i = 0; i < COUNTERS_LENGTH; ++i) out.setAt(1 + 4 * i, "u32", values[i])
    return out
}

/** The counters from their binary value, or from the JSON array of the layout before it; null when garbled. */
function decodeCounters(value: Buffer): number[] {
    if (value === null) return null
    let v: number[] = []
    if (value[0] === COUNTERS_VERSION && value.length === 1 + 4 * COUNTERS_LENGTH) {
        for (let i = 0; i < COUNTERS_LENGTH; ++i) v.push(value.getAt(1 + 4 * i, "u32"))
    } else {
        try {
            v = JSON.parse(utf8Text(value))
        } catch (e) {
            return null
        }
    }
    if (!Array.isArray(v) || v.length !== COUNTERS_LENGTH) return null
    for (let i = 0; i < COUNTERS_LENGTH; ++i) if (typeof v[i] !== "number" || v[i] < 0) return null
    return v
}
