import * as ds from "@devicescript/core"
import {
    CODE_BAD_OPTION,
    CODE_CONTENT,
    CODE_CONTINUE,
    CODE_EMPTY,
    CODE_GET,
    CODE_METHOD_NOT_ALLOWED,
    CODE_NOT_ACCEPTABLE,
    CODE_NOT_FOUND,
    CODE_PRECONDITION_FAILED,
    CODE_REQUEST_ENTITY_INCOMPLETE,
    CODE_REQUEST_ENTITY_TOO_LARGE,
    CODE_SERVICE_UNAVAILABLE,
    CODE_UNSUPPORTED_CONTENT_FORMAT,
    FORMAT_JSON,
    OPT_ACCEPT,
    OPT_BLOCK1,
    OPT_CONTENT_FORMAT,
    OPT_ECHO,
    OPT_IF_MATCH,
    OPT_IF_NONE_MATCH,
    OPT_MAX_AGE,
    OPT_REQUEST_TAG,
    OPT_SIZE1,
    OPT_URI_PATH,
    TYPE_ACK,
    TYPE_CON,
    TYPE_NON,
    TYPE_RST,
} from "./constants"
import { CoapMessage, CoapOption } from "./message"
import { PARSE_IGNORE, PARSE_REJECT, parseMessage } from "./parse"
import { emptyMessage } from "./serialize"
import { addOption, decodeUint, encodeUint, findOption, optionStrings } from "./options"
import { decodeBlock, encodeBlock } from "./block"
import { Resource, findResource } from "./resource"
import { Reply, emptyReply } from "./exchange"
import { DedupTable } from "./dedup"
import { BLOCK1_CONTINUE, BLOCK1_DONE, BLOCK1_TOO_LARGE, Block1Assembler } from "./block1"
import { checkOptions } from "./option-check"
import { errorReply } from "./errors"
import { Notifications } from "./notifications"
import { Commit, GroupCommit, Revert } from "./group-commit"
import { sameBytes } from "../bytes/same-bytes"
import { RateLimiter } from "./rate-limit"
import { AddressCheck } from "./address-check"
import { ResponseEncoder, Send, firstBlockBytes } from "./response"
import { Block2Snapshot, laterBlock, transferKey } from "./block2-snapshot"
import { BODY_MAX } from "../limits"
import { PeerKey, peerKeyOf } from "../net/peer"

// The CoAP server (RFC 7252) on top of a datagram transport, its dispatch: parse, ping, dedup, option and method
// checks, Block1 reassembly, conditional requests, routing to a resource. It knows resources only through the
// Resource interface. Its parts: response.ts encodes the answers (Block2, amplification bound), notifications.ts
// serves observers, group-commit.ts holds the answers to changes until they are durable.

/** A number that moves whenever a request changes something durable (sessions, settings). */
export type Changes = () => number

/** What a request is for: its Uri-Path, and the resource there (null for none). */
interface Target {
    path: string
    resource: Resource
}

export class CoapServer {
    private resources: Resource[] = []
    /** Responses cached for retransmitted requests (GET /v1/status shows how many). */
    readonly dedup = new DedupTable()
    private block1 = new Block1Assembler()
    private rate = new RateLimiter()
    private addresses = new AddressCheck()
    private snapshot = new Block2Snapshot()
    private encoder = new ResponseEncoder(this.addresses)
    /** Observers and what they are sent (main.ts's timers drive it). */
    readonly notifications: Notifications
    /** The answers to changes, held for the commit that makes the changes durable. */
    readonly commits: GroupCommit
    /** Access control: the refusal of a request to an existing resource and method, or null (api/access.ts). */
    gate: { gate(peer: Buffer, msg: CoapMessage, resource: Resource): Reply } = null
    /** Whether a render is paused, reading what it renders from flash: a change waits for it (null: never). */
    rendering: () => boolean = null

    /** `commit` runs after requests that may change state and before their responses (group-commit.ts):
     * nothing is acknowledged that a power cut could still take back; `revert` undoes the changes of one that failed.
     * A request changed something durable when it moved `changes`. */
    constructor(
        private send: Send,
        commit: Commit,
        revert: Revert,
        private changes: Changes
    ) {
        this.notifications = new Notifications(this.resources, this.encoder, send, this.addresses)
        this.commits = new GroupCommit(send, commit, revert, this.notifications, this.dedup)
    }

    add(resource: Resource) {
        this.resources.push(resource)
    }

    /**
     * Handles one received datagram; `frame` starts with the peer header, the CoAP bytes at `offset`. The answer
     * to a GET, or to a request that changed nothing durable, goes out at once; the answer to a change waits for a
     * commit, which makes the changes of every request handled since the last one durable at once (group commit:
     * each key written and read back once for all of them instead of once per request). Commits run in
     * their own fiber, so datagrams are handled while the flash is written: a page reaches the radio without
     * waiting for other stands' changes. A GET or a notification may so show a change a few milliseconds before
     * that change is acknowledged.
     */
    async handleDatagram(frame: Buffer, offset: number, urgent?: boolean) {
        const peer = frame.slice(0, offset)
        // One key per datagram for the rate limiter, the dedup table and the held answers.
        const peerKey = peerKeyOf(peer)
        if (!this.rate.allow(peerKey, ds.millis())) return
        const parsed = parseMessage(frame, offset)
        if (parsed.status === PARSE_IGNORE) return
        if (parsed.status === PARSE_REJECT) {
            // RFC 7252 §4.2/§4.3: a malformed CON is rejected with an RST, anything else is ignored.
            if (parsed.type === TYPE_CON) this.send(emptyMessage(TYPE_RST, parsed.mid, peer))
            return
        }
        const msg = parsed.msg
        if (msg.type === TYPE_ACK || msg.type === TYPE_RST) {
            this.notifications.answered(peer, msg)
            return
        }
        if (msg.code === CODE_EMPTY || msg.code >= 0x40) {
            // An empty CON is a CoAP ping (§4.3); a response we never asked for is rejected the same way (§4.2).
            if (msg.type === TYPE_CON) this.send(emptyMessage(TYPE_RST, msg.mid, peer))
            return
        }
        // A retransmission of a change not committed yet is answered after its commit, not before; held answers
        // are looked up first, as the dedup table may have let go of them (its bytes bound, under a burst).
        if (this.commits.holds(peerKey, msg.mid)) return
        const cached = this.dedup.lookup(peerKey, msg.mid)
        if (cached) {
            this.send(cached)
            return
        }
        // Options are checked before the URI is decoded, which bounds its length; bad ones are the answer (4.02).
        const badOptions = checkOptions(msg)
        const path = badOptions ? "" : optionStrings(msg, OPT_URI_PATH).join("/")
        const resource = badOptions ? null : findResource(this.resources, path)
        // Else a change (not a GET, to a resource that may commit) is handled only when its answer can wait for a
        // commit; when the answers waiting stay at their bound (commits too slow), it is refused and changes nothing. A
        // standalone page never waits, and an `urgent` change (a page on a session) neither while roomForUrgent: it
        // goes on air now, its answer held beyond the bound. While a failed commit's changes are undone (the state
        // reloaded from flash), every request is refused: none sees or changes a state half restored.
        const refusal =
            badOptions ||
            (resource !== null &&
            (this.commits.reverting ||
                (msg.code !== CODE_GET &&
                    !resource.neverCommits &&
                    !(urgent && this.commits.roomForUrgent() ? true : await this.commits.roomToHold())))
                ? errorReply(CODE_SERVICE_UNAVAILABLE, "changes cannot be saved now (flash store slow or full)", null)
                : null)
        // A render paused mid-way must find what it renders unchanged (docs/storage.md "Labels in RAM"): a change
        // waits, up to 2 s, in steps that give the render the VM.
        if (msg.code !== CODE_GET && this.rendering)
            for (let i = 0; i < 200 && this.rendering(); ++i) await ds.sleep(10)
        const before = this.changes()
        const response = this.respond(peer, peerKey, msg, { path, resource }, frame.length - offset, refusal)
        if (msg.code !== CODE_GET) this.dedup.remember(peerKey, msg.mid, response)
        // What changed nothing durable (a GET, a page, a refused request) needs no commit.
        if (msg.code === CODE_GET || this.changes() === before) this.send(response)
        else this.commits.hold(peerKey, msg.mid, response)
    }

    /** Marks the retransmissions due (notifyObservers sends them), starts a commit due; call a few times a second. */
    tick() {
        this.snapshot.expire()
        this.commits.start()
        this.notifications.retransmit()
    }

    /** The encoded answer to `msg` (for `target`): `refusal` when given, else what processing decides. */
    private respond(
        peer: Buffer,
        peerKey: PeerKey,
        msg: CoapMessage,
        target: Target,
        requestSize: number,
        refusal: Reply
    ): Buffer {
        const echo = findOption(msg, OPT_ECHO)
        if (echo) this.addresses.checkEcho(peer, echo.value)
        const extra: CoapOption[] = []
        const later = msg.code === CODE_GET && laterBlock(msg)
        const transfer =
            msg.code === CODE_GET && !refusal
                ? this.snapshot.begin(transferKey(peerKey, target.path, msg), later)
                : null
        if (later && transfer) this.rate.refundLaterBlock(peerKey, ds.millis())
        const at = transfer ? transfer.at : ds.millis()
        let result = refusal || this.process(peer, msg, target, at, extra)
        if (transfer && result.code === CODE_CONTENT && result.body)
            result = this.snapshot.steady(
                transfer,
                later,
                result,
                this.addresses.isVerified(peer) ? firstBlockBytes(msg) : 0
            )
        if (result.etag && this.encoder.etagReturned(msg, result.etag)) this.addresses.verify(peer)
        const con = msg.type === TYPE_CON
        const head = {
            peer,
            req: msg,
            requestSize,
            type: con ? TYPE_ACK : TYPE_NON,
            mid: con ? msg.mid : this.encoder.newMid(),
            token: msg.token,
        }
        return this.encoder.limited(head, result, extra)
    }

    /**
     * Decides the reply to `msg` (its options checked) for `target`, as of `at` (Request.at); options for the
     * response go to `extra`.
     */
    private process(peer: Buffer, msg: CoapMessage, target: Target, at: number, extra: CoapOption[]): Reply {
        const path = target.path
        const resource = target.resource
        if (!resource) return errorReply(CODE_NOT_FOUND, "no such resource", null)
        if (resource.methods.indexOf(msg.code) < 0)
            return errorReply(CODE_METHOD_NOT_ALLOWED, "method not allowed", null)
        const accept = findOption(msg, OPT_ACCEPT)
        if (accept && decodeUint(accept.value) !== resource.format)
            return errorReply(CODE_NOT_ACCEPTABLE, "only content-format " + resource.format, null)
        const format = findOption(msg, OPT_CONTENT_FORMAT)
        if (msg.payload.length > 0 && format && decodeUint(format.value) !== FORMAT_JSON)
            return errorReply(CODE_UNSUPPORTED_CONTENT_FORMAT, "request bodies are application/json (50)", null)
        const denied = this.gate && this.gate.gate(peer, msg, resource)
        if (denied) return denied

        let payload = msg.payload
        const block1Option = findOption(msg, OPT_BLOCK1)
        if (block1Option) {
            const block1 = decodeBlock(block1Option.value)
            if (!block1) return errorReply(CODE_BAD_OPTION, "malformed Block1", null)
            const tag = findOption(msg, OPT_REQUEST_TAG)
            const key = peerKeyOf(peer) + "/" + path + "/" + (tag ? tag.value.toString("hex") : "")
            const state = this.block1.add(key, block1, msg.payload)
            if (state === BLOCK1_TOO_LARGE) return this.tooLarge(extra)
            if (state === BLOCK1_CONTINUE) {
                addOption(extra, OPT_BLOCK1, encodeBlock(block1.num, true, block1.szx))
                return emptyReply(CODE_CONTINUE)
            }
            if (state !== BLOCK1_DONE)
                return errorReply(CODE_REQUEST_ENTITY_INCOMPLETE, "Block1 blocks missing or out of order", null)
            addOption(extra, OPT_BLOCK1, encodeBlock(block1.num, false, block1.szx))
            payload = this.block1.body()
        } else if (payload.length > BODY_MAX) {
            return this.tooLarge(extra)
        }

        const precondition = this.checkConditions(peer, msg, resource, payload, at)
        if (precondition) return precondition
        const reply = resource.handle({ msg, method: msg.code, peer, payload, at })
        if (reply.maxAge) addOption(extra, OPT_MAX_AGE, encodeUint(reply.maxAge))
        if (resource.observable && msg.code === CODE_GET && reply.code === CODE_CONTENT)
            this.notifications.register(peer, msg, path, resource, extra)
        return reply
    }

    private tooLarge(extra: CoapOption[]): Reply {
        addOption(extra, OPT_SIZE1, encodeUint(BODY_MAX))
        return errorReply(CODE_REQUEST_ENTITY_TOO_LARGE, "request body over " + BODY_MAX + " bytes", null)
    }

    /** If-Match / If-None-Match (RFC 7252 §5.10.8) against the target's current ETag. */
    private checkConditions(peer: Buffer, msg: CoapMessage, resource: Resource, payload: Buffer, at: number): Reply {
        const ifMatch = findOption(msg, OPT_IF_MATCH)
        const ifNoneMatch = findOption(msg, OPT_IF_NONE_MATCH)
        if (!ifMatch && !ifNoneMatch) return null
        const current = resource.etagOf
            ? this.encoder.keyed(resource.etagOf({ msg, method: msg.code, peer: null, payload, at }))
            : null
        if (ifNoneMatch && current) return errorReply(CODE_PRECONDITION_FAILED, "target exists (If-None-Match)", null)
        if (ifMatch) {
            // An empty If-Match value means "exists".
            let ok = false
            for (const o of msg.options)
                if (o.num === OPT_IF_MATCH && current && (o.value.length === 0 || sameBytes(o.value, current)))
                    ok = true
            if (!ok) return errorReply(CODE_PRECONDITION_FAILED, "ETag does not match (If-Match)", null)
            this.addresses.verify(peer)
        }
        return null
    }
}
