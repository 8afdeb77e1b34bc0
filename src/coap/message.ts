// A CoAP message (RFC 7252 §3) as the parser produces it and the serializer consumes it.

export interface CoapOption {
    num: number
    value: Buffer
}

export interface CoapMessage {
    type: number
    /** One byte: class << 5 | detail. */
    code: number
    mid: number
    /** 0-8 bytes. */
    token: Buffer
    /** Sorted by num ascending; repeated options keep their order. */
    options: CoapOption[]
    /** Length 0 when the message has none. */
    payload: Buffer
}
