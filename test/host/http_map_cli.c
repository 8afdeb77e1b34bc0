// Drives the ESP32's HTTP mapping (boards/esp32/udp/http_coap_map.c, coap_exchange.c) from the host tests
// (http-map.test.js). "-" stands for an absent header.
//   encode METHOD TARGET CT IF-NONE-MATCH IF-MATCH      -> the CoAP request in hex, or "status N"
//   decode HEX                                          -> "status N etag E type T" of a CoAP response
//   relay PORT METHOD TARGET CT IF-NONE-MATCH BODY      -> asks the firmware at 127.0.0.1:PORT; prints
//                                                          "status N", "etag E", "type T", "cut 0|1", then the body
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coap_exchange.h"
#include "http_coap_map.h"

static const char *arg(const char *s) {
    return strcmp(s, "-") == 0 ? NULL : s;
}

typedef struct {
    int status;
    char etag[24];
    const char *type;
    char *body;
    size_t len;
} collected_t;

static void append(collected_t *c, const uint8_t *p, size_t n) {
    c->body = realloc(c->body, c->len + n + 1);
    memcpy(c->body + c->len, p, n);
    c->len += n;
}

static void on_head(void *ctx, const hcm_response_t *res) {
    collected_t *c = ctx;
    c->status = hcm_http_status(res->code, res->payload_len > 0);
    if (!hcm_etag_header(res, c->etag, sizeof c->etag))
        strcpy(c->etag, "-");
    c->type = res->payload_len ? hcm_content_type(res) : "-";
    if (c->status != 304)
        append(c, res->payload, res->payload_len);
}

static void on_more(void *ctx, const uint8_t *p, size_t n) {
    append(ctx, p, n);
}

static int hex_value(const char *h, uint8_t *out, size_t cap) {
    size_t n = strlen(h) / 2;
    if (n > cap)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (uint8_t)v;
    }
    return (int)n;
}

int main(int argc, char **argv) {
    static uint8_t buf[2048];
    if (argc == 8 && strcmp(argv[1], "encode") == 0) {
        const uint8_t token[2] = {0xab, 0xcd};
        hcm_request_t r = {.method = argv[2], .target = argv[3], .content_type = arg(argv[4]),
                           .if_none_match = arg(argv[5]), .if_match = arg(argv[6]), .cookie = arg(argv[7]), .mid = 0x1234,
                           .token = token, .token_len = 2, .block1 = -1, .block2 = -1};
        int status;
        size_t n = hcm_encode_request(&r, buf, sizeof buf, &status);
        if (!n)
            printf("status %d\n", status);
        for (size_t i = 0; i < n; i++)
            printf("%02x", buf[i]);
        printf("\n");
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "decode") == 0) {
        int n = hex_value(argv[2], buf, sizeof buf);
        hcm_response_t res;
        if (n < 0 || !hcm_parse_response(buf, (size_t)n, &res)) {
            printf("malformed\n");
            return 0;
        }
        char etag[24];
        if (!hcm_etag_header(&res, etag, sizeof etag))
            strcpy(etag, "-");
        printf("status %d etag %s type %s\n", hcm_http_status(res.code, res.payload_len > 0), etag,
               res.payload_len ? hcm_content_type(&res) : "-");
        return 0;
    }
    if (argc == 8 && strcmp(argv[1], "relay") == 0) {
        cx_client_t client;
        if (cx_open(&client, (uint16_t)atoi(argv[2])) != 0)
            return 2;
        const char *body = arg(argv[7]);
        hcm_request_t r = {.method = argv[3], .target = argv[4], .content_type = arg(argv[5]),
                           .if_none_match = arg(argv[6]), .payload = (const uint8_t *)body,
                           .payload_len = body ? strlen(body) : 0};
        collected_t c = {0};
        cx_sink_t sink = {on_head, on_more, &c};
        int status = cx_relay(&client, &r, &sink);
        printf("status %d\netag %s\ntype %s\ncut %d\n", c.type ? c.status : status, c.type ? c.etag : "-",
               c.type ? c.type : "-", c.type && status ? 1 : 0);
        if (c.len)
            fwrite(c.body, 1, c.len, stdout);
        printf("\n");
        free(c.body);
        return 0;
    }
    fprintf(stderr, "usage: see the comment at the top of http_map_cli.c\n");
    return 2;
}
