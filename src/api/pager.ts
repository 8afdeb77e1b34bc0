/** One page for the radio: a pager number with how it should alert. */
export interface PageOrder {
    number: number
    systemId: number
    pageMode: string
    message: string
}

/** The radio as the API sees it. */
export interface Pager {
    /** The pageMode used when a request names none. */
    defaultMode(): string
    /** null when the order is acceptable (number, systemId, pageMode, message), else the field it fails on and why. */
    check(order: PageOrder): { field: string; error: string }
    /** null when `protocol` is one the radio speaks and `systemId` suits it, else the field and why not. */
    checkRadio(protocol: string, systemId: number): { field: string; error: string }
    /** null when a page can be queued now, else why not (queue full, radio misconfigured): a 5.03. */
    ready(): string
    /** Queues a checked order; only called right after ready() said yes, so it cannot fail. */
    send(order: PageOrder): void
}
