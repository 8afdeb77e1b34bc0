// CoAP numbers from the IANA registries (RFC 7252 §12, RFC 7959, RFC 7641, RFC 7967, RFC 9175).

// Message types (RFC 7252 §3)
export const TYPE_CON = 0
export const TYPE_NON = 1
export const TYPE_ACK = 2
export const TYPE_RST = 3

// Codes as one byte: class << 5 | detail, so 2.05 is 0x45.
export const CODE_EMPTY = 0x00
export const CODE_GET = 0x01
export const CODE_POST = 0x02
export const CODE_PUT = 0x03
export const CODE_DELETE = 0x04
export const CODE_CREATED = 0x41
export const CODE_DELETED = 0x42
export const CODE_VALID = 0x43
export const CODE_CHANGED = 0x44
export const CODE_CONTENT = 0x45
export const CODE_CONTINUE = 0x5f
export const CODE_BAD_REQUEST = 0x80
export const CODE_UNAUTHORIZED = 0x81
export const CODE_BAD_OPTION = 0x82
export const CODE_NOT_FOUND = 0x84
export const CODE_METHOD_NOT_ALLOWED = 0x85
export const CODE_NOT_ACCEPTABLE = 0x86
export const CODE_REQUEST_ENTITY_INCOMPLETE = 0x88
export const CODE_PRECONDITION_FAILED = 0x8c
export const CODE_TOO_MANY_REQUESTS = 0x9d
export const CODE_REQUEST_ENTITY_TOO_LARGE = 0x8d
export const CODE_UNSUPPORTED_CONTENT_FORMAT = 0x8f
export const CODE_INTERNAL_SERVER_ERROR = 0xa0
export const CODE_SERVICE_UNAVAILABLE = 0xa3
export const CODE_PROXYING_NOT_SUPPORTED = 0xa5

// Option numbers
export const OPT_IF_MATCH = 1
export const OPT_URI_HOST = 3
export const OPT_ETAG = 4
export const OPT_IF_NONE_MATCH = 5
export const OPT_OBSERVE = 6
export const OPT_URI_PORT = 7
export const OPT_LOCATION_PATH = 8
export const OPT_URI_PATH = 11
export const OPT_CONTENT_FORMAT = 12
export const OPT_MAX_AGE = 14
export const OPT_URI_QUERY = 15
export const OPT_ACCEPT = 17
export const OPT_LOCATION_QUERY = 20
export const OPT_BLOCK2 = 23
export const OPT_BLOCK1 = 27
export const OPT_SIZE2 = 28
export const OPT_PROXY_URI = 35
export const OPT_PROXY_SCHEME = 39
export const OPT_SIZE1 = 60
export const OPT_ECHO = 252
export const OPT_NO_RESPONSE = 258
export const OPT_REQUEST_TAG = 292
/** Our access token (docs/api.md "Access control"): experimental range (RFC 7252 §12.2), critical and unsafe. */
export const OPT_ACCESS_TOKEN = 65003

// Content-Formats
export const FORMAT_TEXT = 0
export const FORMAT_LINK = 40
export const FORMAT_JSON = 50

/** The dotted form of a code, as the RFCs and tools print it: 0x45 -> "2.05". */
export function codeString(code: number): string {
    const detail = code & 0x1f
    return (code >> 5) + (detail < 10 ? ".0" : ".") + detail
}
