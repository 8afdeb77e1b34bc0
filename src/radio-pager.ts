import { DatagramEndpoint } from "./net/endpoint"
import { BaseSettings } from "./settings/base-settings"
import { PageOrder, Pager } from "./api/pager"

// Interim radio: logs each page until src/radio is wired in.
export function createPager(endpoint: DatagramEndpoint, settings: BaseSettings): Pager {
    return {
        defaultMode: () => "Flash30Sec",
        check: (order: PageOrder) => (order.number > 9999 ? { field: "number", error: "must be an integer from 0 to 9999" } : null),
        checkSystemId: (systemId: number) => (systemId > 200 ? "must be an integer from 0 to 200" : null),
        ready: () => null,
        send: (order: PageOrder) => console.log("page: " + order.number + " " + order.pageMode),
    }
}
