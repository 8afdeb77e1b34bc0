import * as ds from "@devicescript/core"
import { randomBuffer } from "@devicescript/crypto"
import { CLOCK_FRESH_EPOCH, CLOCK_LAST_EPOCH, CLOCK_SNTP, Clock } from "./clock"
import { formatIso } from "./isotime"
import { peerName } from "../net/peer"
import { checkSntpReply, sntpRequest } from "./ntp-packet"
import { SntpSettings } from "./sntp-settings"
import { SNTP_BACKOFF_MAX_MS, SNTP_BACKOFF_MIN_MS, SNTP_POLL_MS, SNTP_REPLY_TIMEOUT_MS } from "../limits"

// SNTP as the clock's source, when a server is configured: a request once the endpoint is open, then every hour;
// without an answer, retries after 16 s, doubling up to 15 min. A sync overrides a datetime set by hand. The
// endpoint's datagrams come here only from the server's address and port while a request is outstanding, so
// every other datagram stays CoAP's.

// How an exchange ended.
const SYNCED = 1
const NO_ANSWER = 2
const KISSED = 3
const STOPPED = 4
const RESTARTED = 5
const FOREVER = -1

export class SntpClient {
    /** The clock's time at the last sync since boot (epoch seconds), 0 when none. */
    lastSync = 0
    /** What went wrong in the last exchange, or null when it synced. */
    lastError: string = null
    /** Wakes the polling fiber: a reply arrived, or the settings changed. */
    private wake = ds.emitter<number>()
    private restarting = false
    private backoff = SNTP_BACKOFF_MIN_MS
    /** The outstanding request's server header in hex, or null when no request is outstanding. */
    private awaitedPeer: string = null
    private sent: Buffer = null
    private sentAt = 0
    private outcome = NO_ANSWER
    /** Why the outstanding request's last reply was refused, or null. */
    private rejected: string = null

    constructor(
        private clock: Clock,
        public settings: SntpSettings,
        private send: (peer: Buffer, payload: Buffer) => void
    ) {}

    /** Starts over with the current settings at once, without backoff (the settings changed). */
    restart() {
        this.restarting = true
        this.wake.emit(RESTARTED)
    }

    /**
     * Takes the datagram if it is from the server while a request is outstanding: true when it was consumed. A
     * reply that fails the checks is logged and dropped, and the request stays outstanding until its timeout.
     */
    take(frame: Buffer, offset: number): boolean {
        if (this.awaitedPeer === null || frame.slice(0, offset).toString("hex") !== this.awaitedPeer) return false
        const reply = checkSntpReply(frame, offset, this.sent)
        if (reply.kiss !== null) {
            this.rejected = "kiss-of-death " + reply.kiss
            this.outcome = reply.kiss === "DENY" || reply.kiss === "RSTR" ? STOPPED : KISSED
        } else if (reply.problem !== null) {
            this.reject(frame.slice(0, offset), reply.problem)
            return true
        } else {
            // The server's processing time counts as network delay; on a LAN both are a few ms.
            const local = (reply.unixMs + (ds.millis() - this.sentAt) / 2) / 1000 + this.settings.utcOffsetMinutes * 60
            if (local < CLOCK_FRESH_EPOCH || local > CLOCK_LAST_EPOCH) {
                this.reject(frame.slice(0, offset), "time outside 2000..2099")
                return true
            }
            this.clock.set(local, CLOCK_SNTP)
            this.lastSync = this.clock.now()
            this.outcome = SYNCED
        }
        this.awaitedPeer = null
        this.wake.emit(this.outcome)
        return true
    }

    private reject(peer: Buffer, problem: string) {
        this.rejected = "bad reply: " + problem
        console.log("sntp: " + peerName(peer) + ": " + this.rejected)
    }

    /** Polls for ever; start it once the endpoint is open. */
    async run() {
        for (;;) {
            this.restarting = false
            const peer = this.settings.peer()
            // Off: nothing to do until the settings change.
            const pause = peer ? this.pauseAfter(peer, await this.exchange(peer)) : FOREVER
            if (!this.restarting) await ds.wait(this.wake, pause === FOREVER ? undefined : pause)
            if (this.restarting) this.backoff = SNTP_BACKOFF_MIN_MS
        }
    }

    /** How long to wait after an exchange that ended with `outcome`; says why in the log. */
    private pauseAfter(peer: Buffer, outcome: number): number {
        if (outcome === RESTARTED) return 0
        const server = "sntp: " + peerName(peer) + ": "
        if (outcome === SYNCED) {
            this.backoff = SNTP_BACKOFF_MIN_MS
            console.log(server + "clock set to " + formatIso(this.lastSync))
            return SNTP_POLL_MS
        }
        let pause = this.backoff
        if (outcome === NO_ANSWER) this.backoff = Math.min(this.backoff * 2, SNTP_BACKOFF_MAX_MS)
        // RFC 4330 §8: RATE (or any other kiss) asks us to slow down; DENY and RSTR to stop asking this server.
        if (outcome === KISSED) pause = SNTP_BACKOFF_MAX_MS
        if (outcome === STOPPED) pause = FOREVER
        let next = "next try in " + pause / 1000 + " s"
        if (pause === FOREVER) next = "no more requests until the settings change or a restart"
        console.log(server + this.lastError + "; " + next)
        return pause
    }

    /** One request and its reply, or the timeout; sets lastError. */
    private async exchange(peer: Buffer): Promise<number> {
        this.sent = sntpRequest(randomBuffer(8))
        this.sentAt = ds.millis()
        this.outcome = NO_ANSWER
        this.rejected = null
        this.awaitedPeer = peer.toString("hex")
        this.send(peer, this.sent)
        const woken = await ds.wait(this.wake, SNTP_REPLY_TIMEOUT_MS)
        this.awaitedPeer = null
        if (woken === RESTARTED) return RESTARTED
        if (this.outcome === SYNCED) this.lastError = null
        else this.lastError = this.rejected !== null ? this.rejected : "no answer"
        return this.outcome
    }
}
