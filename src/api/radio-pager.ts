import { PROTOCOL_NAMES, PageRequest, Transmitter, findProtocol, validatePage } from "../radio/index"
import { BaseSettings } from "../settings/base-settings"
import { PageOrder, Pager } from "./pager"

// The radio as the API sees it: the T7470 field names mapped onto the radio's page requests, with the
// protocol, repeats and carrier from the settings.

/** A radio request field under its API name. */
function apiField(field: string): string {
    if (field === "pager") return "number"
    if (field === "mode") return "pageMode"
    if (field === "protocol") return "radioProtocol"
    return field
}

export function radioPager(transmitter: Transmitter, settings: BaseSettings): Pager {
    const request = (order: PageOrder): PageRequest => ({
        protocol: settings.values.radioProtocol,
        systemId: order.systemId,
        pager: order.number,
        mode: order.pageMode,
        message: order.message,
    })
    return {
        defaultMode: () => {
            const p = findProtocol(settings.values.radioProtocol)
            return p ? p.defaultMode : "Flash30Sec"
        },
        check: order => {
            const bad = validatePage(request(order))
            return bad ? { field: apiField(bad.field), error: bad.error } : null
        },
        checkRadio: (protocol, systemId) => {
            const p = findProtocol(protocol)
            if (!p) return { field: "radioProtocol", error: "must be one of " + PROTOCOL_NAMES.join(", ") }
            if (systemId >= p.systemMin && systemId <= p.systemMax) return null
            return { field: "systemId", error: p.name + " system ids are " + p.systemMin + ".." + p.systemMax }
        },
        ready: () => {
            if (!findProtocol(settings.values.radioProtocol))
                return "radio misconfigured: unknown protocol " + settings.values.radioProtocol
            return transmitter.queue.size() >= transmitter.queue.capacity
                ? "transmitter queue full (" + transmitter.queue.capacity + " pages), try again shortly"
                : null
        },
        send: order => {
            transmitter.repeats = settings.values.radioRepeats
            transmitter.carrierHz = settings.values.radioCarrierHz
            transmitter.page(request(order))
        },
    }
}
