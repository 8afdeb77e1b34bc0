import * as ds from "@devicescript/core"
import { OPT_OBSERVE, OPT_URI_QUERY, TYPE_CON, TYPE_RST } from "./constants"
import { CoapMessage, CoapOption } from "./message"
import { addOption, decodeUint, encodeUint, findOption, optionStrings } from "./options"
import { Resource, findResource } from "./resource"
import { Observer, ObserverTable } from "./observe"
import { AddressCheck } from "./address-check"
import { ResponseEncoder, Send } from "./response"
import { MISSED_PINGS_MAX } from "../limits"

// The server's side of Observe (RFC 7641): registrations, notifications when a resource changed, their
// retransmissions, the T7470 keep-alive pings, and the ACKs and RSTs that end them. docs/architecture.md "Observe".

/** Which notification an observer is sent. */
const enum Notice {
    /** What changed since the last one (Observable.next). */
    Next,
    /** The unacknowledged one again, rendered afresh (Observable.again). */
    Again,
    /** A keep-alive (Observable.ping). */
    Ping,
}

export class Notifications {
    private observers = new ObserverTable()
    private observeSeq = 1
    private notifying = false
    private notifyAgain = false

    /** `resources` is the server's list, looked up by an observer's path. */
    constructor(
        private resources: Resource[],
        private encoder: ResponseEncoder,
        private send: Send,
        private addresses: AddressCheck
    ) {}

    /**
     * Observe=0 registers (or re-registers) peer+token; Observe=1, or a GET without Observe with the same token,
     * deregisters (RFC 7641 §3.6). A full table answers without Observe: the client then knows it is not
     * registered (§4.1). `extra` takes the response's Observe option.
     */
    register(peer: Buffer, msg: CoapMessage, path: string, resource: Resource, extra: CoapOption[]) {
        const option = findOption(msg, OPT_OBSERVE)
        if (!option || decodeUint(option.value) !== 0) {
            const i = this.observers.find(peer, msg.token, path)
            if (i >= 0) this.observers.remove(this.observers.observers[i])
            return
        }
        const query = optionStrings(msg, OPT_URI_QUERY).join("&")
        const obs = this.observers.register(peer, msg.token, path, query)
        if (!obs) return
        resource.observable.start(obs)
        addOption(extra, OPT_OBSERVE, encodeUint(this.nextObserveSeq()))
    }

    /** An ACK or RST from a peer: the end of one of our confirmable notifications (RFC 7641 §3.6, §4.5). */
    answered(peer: Buffer, msg: CoapMessage) {
        const obs = this.observers.byPendingMid(peer, msg.mid)
        if (!obs) return
        if (msg.type === TYPE_RST) {
            this.observers.remove(obs)
            return
        }
        this.observers.acknowledged(obs)
        this.addresses.verify(peer)
        this.notify(obs, Notice.Next)
    }

    /**
     * Sends each idle observer what changed since its last notification; cheap when nothing did. Each observer
     * gets a fresh slice of the VM's opcode budget: a full ring rendered for every observer in one slice would
     * exceed it. A call made while one is under way makes that one go round again instead.
     */
    async notifyObservers() {
        if (this.notifying) {
            this.notifyAgain = true
            return
        }
        this.notifying = true
        try {
            this.notifyAgain = true
            while (this.notifyAgain) {
                this.notifyAgain = false
                for (const obs of this.observers.observers.slice(0)) {
                    if (obs.pending && !obs.resendDue) continue
                    await ds.sleep(0)
                    // It may have been dropped, acknowledged or sent something while we paused.
                    if (this.observers.observers.indexOf(obs) < 0) continue
                    if (obs.resendDue) this.notify(obs, Notice.Again)
                    else if (!obs.pending) this.notify(obs, Notice.Next)
                }
            }
        } finally {
            this.notifying = false
        }
    }

    /** Marks the retransmissions due, which notifyObservers sends; drops observers whose address is unproved. */
    retransmit() {
        this.observers.retransmit(this.addresses)
    }

    /**
     * Keep-alives for resources that send them (the T7470 ping). An observer whose notifications are still
     * unacknowledged at MISSED_PINGS_MAX consecutive ping times is dropped.
     */
    ping() {
        for (const obs of this.observers.observers.slice(0)) {
            if (obs.pending) {
                if (++obs.missedPings >= MISSED_PINGS_MAX) this.observers.remove(obs)
                continue
            }
            this.notify(obs, Notice.Ping)
        }
    }

    /** Number of registered observers (for /v1/status, tests and benchmarks). */
    count() {
        return this.observers.observers.length
    }

    /**
     * Sends `obs` the notification `notice` asks its resource for, if there is one, as a CON. Again: the
     * unacknowledged one rendered afresh, with a new Observe value and MID, the back-off kept.
     */
    private notify(obs: Observer, notice: Notice) {
        const resource = findResource(this.resources, obs.path)
        if (!resource) return
        const observable = resource.observable
        const reply =
            notice === Notice.Next
                ? observable.next(obs)
                : notice === Notice.Again
                  ? observable.again(obs)
                  : observable.ping(obs)
        if (!reply) return
        const options: CoapOption[] = []
        addOption(options, OPT_OBSERVE, encodeUint(this.nextObserveSeq()))
        const mid = this.encoder.newMid()
        const frame = this.encoder.limited({ peer: obs.peer, type: TYPE_CON, mid, token: obs.token }, reply, options)
        this.observers.sent(obs, mid, notice === Notice.Again)
        this.send(frame)
    }

    /** Observe values: 24 bits, increasing (RFC 7641 §4.4). */
    private nextObserveSeq() {
        this.observeSeq = (this.observeSeq + 1) & 0xffffff
        return this.observeSeq
    }
}
