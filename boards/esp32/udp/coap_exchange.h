// The ESP32 web server's CoAP client (README "The page and HTTP"): asks the firmware's own UDP endpoint on
// loopback, one exchange at a time, confirmable with RFC 7252 retransmission; Block1 for long bodies, Block2
// followed to the end, an Echo challenge (RFC 9175) answered. BSD sockets: lwIP on the ESP32, POSIX in test/host.
#pragma once

#include "http_coap_map.h"

typedef struct {
    int fd;
    uint16_t port;
    uint16_t mid;
    uint32_t tokens;
    uint8_t echo[HCM_MAX_ECHO];
    size_t echo_len;
} cx_client_t;

/** Where the response goes: `head` once (status, headers, first payload), then `more` for each later block. */
typedef struct {
    void (*head)(void *ctx, const hcm_response_t *first);
    void (*more)(void *ctx, const uint8_t *payload, size_t len);
    void *ctx;
} cx_sink_t;

/** A UDP socket on 127.0.0.1 for asking 127.0.0.1:`port`. 0, or -1 when the socket cannot be made. */
int cx_open(cx_client_t *c, uint16_t port);

/**
 * Relays one HTTP request (its mid, token, block and Echo fields are the client's to fill). 0 when the sink had
 * the response; else the HTTP status to answer with: the mapping's own (400, 415, 501), 504 when the firmware did
 * not answer, 502 when it reset the exchange or the representation changed between blocks (after `head`: the
 * caller cuts the response short).
 */
int cx_relay(cx_client_t *c, hcm_request_t *r, const cx_sink_t *sink);
