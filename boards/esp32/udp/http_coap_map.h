// The HTTP <-> CoAP mapping of the ESP32's web server (README "The page and HTTP"), pure: no sockets, no
// ESP-IDF. The simulator's mapping (boards/sim/http/mapping.js) answers the same test cases
// (test/http/cases.js); test/host runs this file through them with the system's cc.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HCM_MAX_OPTIONS 24
#define HCM_MAX_ECHO 40
#define HCM_FORMAT_JSON 50
#define HCM_CODE_GET 1
#define HCM_CODE_VALID 0x43
#define HCM_CODE_CONTENT 0x45
#define HCM_CODE_CONTINUE 0x5f
#define HCM_TYPE_CON 0
#define HCM_TYPE_ACK 2
#define HCM_TYPE_RST 3

/** One HTTP request, and what the exchange adds (message id, token, blocks, Echo). NULL header = absent. */
typedef struct {
    const char *method;
    const char *target; // origin-form: "/path?query"
    const char *content_type;
    const char *if_none_match;
    const char *if_match;
    const char *cookie; // the Cookie header: its pbtoken becomes the firmware's token option (README "Security")
    uint16_t mid;
    const uint8_t *token;
    size_t token_len;
    int32_t block1; // Block1 value (num << 4 | more << 3 | szx), or -1
    int32_t block2; // Block2 value, or -1 (a later block of a GET: no validators then)
    const uint8_t *request_tag;
    size_t request_tag_len;
    const uint8_t *echo;
    size_t echo_len;
    const uint8_t *payload;
    size_t payload_len;
} hcm_request_t;

/** What the mapping reads in a CoAP response. */
typedef struct {
    uint8_t type;
    uint8_t code;
    uint16_t mid;
    uint8_t token[8];
    size_t token_len;
    uint8_t etag[8];
    size_t etag_len;
    int format; // Content-Format, -1 when absent
    int32_t block2; // -1 when absent
    uint8_t echo[HCM_MAX_ECHO];
    size_t echo_len;
    const uint8_t *payload; // points into the datagram
    size_t payload_len;
} hcm_response_t;

/**
 * Encodes the CoAP request for `r` into `out`: its length, or 0 with *status set to the HTTP error status
 * (400 bad target or header, 415 not JSON, 501 method, 500 when `cap` is too small).
 */
size_t hcm_encode_request(const hcm_request_t *r, uint8_t *out, size_t cap, int *status);

/** Reads a CoAP message; false when malformed. */
bool hcm_parse_response(const uint8_t *buf, size_t len, hcm_response_t *res);

/** HTTP status for a CoAP response code (RFC 8075 §7); 2.02/2.04 without a body are 204. */
int hcm_http_status(uint8_t code, bool has_payload);

/** "200 OK" etc. for a status hcm_http_status returns (or the mapping's own errors). */
const char *hcm_status_line(int status);

/** The Content-Type for a response with a payload. */
const char *hcm_content_type(const hcm_response_t *res);

/**
 * For the answer to POST /v1/login (2.01 with a token): the Set-Cookie value (HttpOnly, SameSite=Strict, Max-Age of
 * the token's life) into `cookie` and the body without the token, `{"expiresInSeconds":N}`, into `body`; false for
 * any other answer.
 */
bool hcm_login_cookie(const hcm_request_t *r, const hcm_response_t *res, char *cookie, size_t cookie_cap, char *body,
                      size_t body_cap);

/** `"<hex>"` of the response's ETag into out (at least 19 bytes); false when it has none. */
bool hcm_etag_header(const hcm_response_t *res, char *out, size_t cap);
