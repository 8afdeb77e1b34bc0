import { Observable, Observer } from "../coap/observe"
import { Reply } from "../coap/exchange"
import { SessionStore } from "../sessions/store"

/**
 * Plain RFC 7641 observation of a view of the store: each change sends the new representation (the first block
 * when it is large; the client fetches the rest with Block2); a retransmission sends the newest.
 */
export function storeObservable(store: SessionStore, render: (obs: Observer) => Reply): Observable {
    return {
        start: obs => {
            obs.seen = store.sequence
        },
        next: obs => {
            if (obs.seen === store.sequence) return null
            obs.seen = store.sequence
            return render(obs)
        },
        ping: () => null,
        again: obs => {
            obs.seen = store.sequence
            return render(obs)
        },
    }
}
