// The ESP32 web server's CoAP client (coap_exchange.h). Runs on the web server's one task; the firmware
// answers from the DeviceScript main task through its own socket.
#include "coap_exchange.h"

#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#ifdef ESP_PLATFORM
#include "lwip/sockets.h"
#include "lwip/inet.h"
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#define BLOCK_SZX 6 // 1024-byte Block1 blocks, the firmware's largest
#define BLOCK_SIZE 1024
#define ACK_TIMEOUT_MS 2000
#define MAX_RETRANSMIT 2
#define MAX_BLOCKS 192 // 96 KB of the 512-byte blocks of a long body (a full ring of 256 lists ~58 KB)
#define DATAGRAM_MAX 1280

static uint8_t datagram[DATAGRAM_MAX];
static uint8_t reply[DATAGRAM_MAX];

int cx_open(cx_client_t *c, uint16_t port) {
    memset(c, 0, sizeof *c);
    c->port = port;
    c->fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (c->fd < 0)
        return -1;
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(c->fd, (struct sockaddr *)&local, sizeof local) < 0) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    return 0;
}

/** Waits up to `ms` for a datagram; its length, or -1 on timeout or error. */
static int receive(cx_client_t *c, int ms) {
    struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int n = (int)recv(c->fd, reply, sizeof reply, 0);
    return n;
}

/** One confirmable exchange: 0 with *res filled, or an HTTP status. */
static int exchange(cx_client_t *c, hcm_request_t *r, hcm_response_t *res) {
    uint8_t token[4];
    c->tokens = c->tokens * 1103515245u + 12345u + c->mid;
    memcpy(token, &c->tokens, sizeof token);
    r->mid = ++c->mid;
    r->token = token;
    r->token_len = sizeof token;
    int status;
    size_t len = hcm_encode_request(r, datagram, sizeof datagram, &status);
    if (!len)
        return status;
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(c->port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int timeout = ACK_TIMEOUT_MS;
    for (int attempt = 0; attempt <= MAX_RETRANSMIT; attempt++, timeout *= 2) {
        sendto(c->fd, datagram, len, 0, (struct sockaddr *)&to, sizeof to);
        // Stale replies (an earlier exchange's retransmitted answer) are skipped; each wait is bounded.
        for (int reads = 0; reads < 8; reads++) {
            int n = receive(c, timeout);
            if (n < 0)
                break;
            if (!hcm_parse_response(reply, (size_t)n, res) || res->mid != r->mid)
                continue;
            if (res->type == HCM_TYPE_RST)
                return 502;
            if (res->type == HCM_TYPE_ACK && res->code && res->token_len == sizeof token &&
                memcmp(res->token, token, sizeof token) == 0)
                return 0;
        }
    }
    return 504;
}

/** An exchange, repeated once with the Echo value when the firmware asks for one (its address check). */
static int with_echo(cx_client_t *c, hcm_request_t *r, hcm_response_t *res) {
    r->echo = c->echo_len ? c->echo : NULL;
    r->echo_len = c->echo_len;
    int status = exchange(c, r, res);
    if (status || !res->echo_len || (res->echo_len == c->echo_len && memcmp(res->echo, c->echo, c->echo_len) == 0))
        return status;
    memcpy(c->echo, res->echo, res->echo_len);
    c->echo_len = res->echo_len;
    r->echo = c->echo;
    r->echo_len = c->echo_len;
    return exchange(c, r, res);
}

/** The request's body as Block1 blocks when it is longer than one; the firmware judges its size. */
static int with_blocks(cx_client_t *c, hcm_request_t *r, hcm_response_t *res) {
    const uint8_t *body = r->payload;
    size_t total = r->payload_len;
    if (total <= BLOCK_SIZE)
        return with_echo(c, r, res);
    uint8_t tag[2] = {(uint8_t)c->mid, (uint8_t)(c->mid >> 8)};
    r->request_tag = tag;
    r->request_tag_len = sizeof tag;
    for (uint32_t num = 0; num < MAX_BLOCKS; num++) {
        size_t offset = (size_t)num * BLOCK_SIZE;
        bool more = offset + BLOCK_SIZE < total;
        r->payload = body + offset;
        r->payload_len = more ? BLOCK_SIZE : total - offset;
        r->block1 = (int32_t)(num << 4 | (more ? 8 : 0) | BLOCK_SZX);
        int status = with_echo(c, r, res);
        if (status || !more || res->code != HCM_CODE_CONTINUE)
            return status;
    }
    return 413;
}

int cx_relay(cx_client_t *c, hcm_request_t *r, const cx_sink_t *sink) {
    hcm_response_t res;
    r->block1 = -1;
    r->block2 = -1;
    int status = with_blocks(c, r, &res);
    if (status)
        return status;
    sink->head(sink->ctx, &res);
    if (strcmp(r->method, "GET") != 0 || res.code != HCM_CODE_CONTENT)
        return 0;
    uint8_t etag[8];
    size_t etag_len = res.etag_len;
    memcpy(etag, res.etag, etag_len);
    // Later blocks: the same path and query, no validators, no body (RFC 7959 §2.4).
    r->content_type = NULL;
    r->if_none_match = NULL;
    r->if_match = NULL;
    r->payload_len = 0;
    for (int n = 1; res.block2 >= 0 && (res.block2 & 8) && n < MAX_BLOCKS; n++) {
        r->block2 = (int32_t)(((res.block2 >> 4) + 1) << 4 | (res.block2 & 7));
        status = with_echo(c, r, &res);
        if (status)
            return status;
        if (res.code != HCM_CODE_CONTENT || res.etag_len != etag_len || memcmp(res.etag, etag, etag_len) != 0)
            return 502;
        sink->more(sink->ctx, res.payload, res.payload_len);
    }
    // Out of blocks with more to come: a body cut short must not look whole.
    return res.block2 >= 0 && (res.block2 & 8) ? 502 : 0;
}
