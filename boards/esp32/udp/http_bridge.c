// The base's web server on the ESP32 (http_bridge.h). esp_http_server runs its handlers one at a time on its
// own task, so the CoAP client and the buffers below are used by one request at a time (NSTART 1 towards the
// firmware, whose main task answers through its own socket). Its limits: headers CONFIG_HTTPD_MAX_REQ_HDR_LEN
// (2048, set by build.sh; 431 beyond), URI CONFIG_HTTPD_MAX_URI_LEN (414), 3 connections (the least recently used is closed for a new
// one), bodies up to BODY_MAX (413 beyond; the firmware itself refuses over 640 bytes).
#ifdef ESP_PLATFORM
#include <stdio.h>
#include <string.h>

#include "esp_http_server.h"

#include "coap_exchange.h"
#include "http_bridge.h"
#include "http_page.h"
#include "pager_udp.h"

#define BODY_MAX 4096
#define HEADER_MAX 96

static httpd_handle_t server;
static cx_client_t client;
static char body[BODY_MAX];
static char content_type[HEADER_MAX];
static char if_none_match[HEADER_MAX];
static char if_match[HEADER_MAX];
/** The Cookie header (the pbtoken cookie among the browser's others for this host). */
static char cookie[512];

typedef struct {
    httpd_req_t *req;
    bool chunked;
    char etag[24];
    const hcm_request_t *coap;
    char cookie[112]; // Set-Cookie of a login (hcm_login_cookie)
    char login_body[40];
} relay_t;

/** A header's value into buf: buf, NULL when absent, or `buf` set to "" (unmatchable) when too long. */
static const char *header(httpd_req_t *req, const char *name, char *buf, size_t cap, bool *too_long) {
    size_t len = httpd_req_get_hdr_value_len(req, name);
    if (len == 0)
        return NULL;
    if (len >= cap) {
        *too_long = true;
        return NULL;
    }
    return httpd_req_get_hdr_value_str(req, name, buf, cap) == ESP_OK ? buf : NULL;
}

/** An error of the HTTP side itself, in the firmware's error shape. */
static esp_err_t send_error(httpd_req_t *req, int status) {
    char json[64];
    int n = snprintf(json, sizeof json, "{\"error\":\"%s\"}", hcm_status_line(status) + 4);
    httpd_resp_set_status(req, hcm_status_line(status));
    httpd_resp_set_type(req, "application/json");
    return httpd_resp_send(req, json, n);
}

static void on_head(void *ctx, const hcm_response_t *res) {
    relay_t *r = ctx;
    int status = hcm_http_status(res->code, res->payload_len > 0);
    httpd_resp_set_status(r->req, hcm_status_line(status));
    httpd_resp_set_hdr(r->req, "Cache-Control", "no-cache");
    if (hcm_etag_header(res, r->etag, sizeof r->etag))
        httpd_resp_set_hdr(r->req, "ETag", r->etag);
    bool has_body = res->payload_len > 0 && status != 304 && status != 204;
    if (has_body)
        httpd_resp_set_type(r->req, hcm_content_type(res));
    // A login: the token goes to an HttpOnly cookie, not to the page's script.
    if (hcm_login_cookie(r->coap, res, r->cookie, sizeof r->cookie, r->login_body, sizeof r->login_body)) {
        httpd_resp_set_hdr(r->req, "Set-Cookie", r->cookie);
        httpd_resp_send(r->req, r->login_body, (ssize_t)strlen(r->login_body));
        return;
    }
    // More blocks to come: the body goes out in chunks as they arrive (RFC 8075 §6.4).
    r->chunked = res->code == HCM_CODE_CONTENT && res->block2 >= 0 && (res->block2 & 8);
    if (r->chunked)
        httpd_resp_send_chunk(r->req, (const char *)res->payload, (ssize_t)res->payload_len);
    else
        httpd_resp_send(r->req, has_body ? (const char *)res->payload : NULL, has_body ? (ssize_t)res->payload_len : 0);
}

static void on_more(void *ctx, const uint8_t *payload, size_t len) {
    relay_t *r = ctx;
    httpd_resp_send_chunk(r->req, (const char *)payload, (ssize_t)len);
}

static esp_err_t relay_handler(httpd_req_t *req) {
    bool too_long = false;
    hcm_request_t coap = {
        .method = http_method_str(req->method),
        .target = req->uri,
        .content_type = header(req, "Content-Type", content_type, sizeof content_type, &too_long),
        .if_none_match = header(req, "If-None-Match", if_none_match, sizeof if_none_match, &too_long),
        .if_match = header(req, "If-Match", if_match, sizeof if_match, &too_long),
    };
    // A Cookie header too long for the buffer only loses the token (other sites' cookies are not ours to refuse).
    bool cookie_too_long = false;
    coap.cookie = header(req, "Cookie", cookie, sizeof cookie, &cookie_too_long);
    if (too_long)
        return send_error(req, 400);
    if (req->content_len > BODY_MAX) {
        send_error(req, 413);
        return ESP_FAIL; // closes the connection instead of reading the rest
    }
    size_t got = 0;
    for (int tries = 0; got < req->content_len && tries < 8;) {
        int n = httpd_req_recv(req, body + got, req->content_len - got);
        if (n == HTTPD_SOCK_ERR_TIMEOUT) {
            tries++;
            continue;
        }
        if (n <= 0)
            return ESP_FAIL;
        got += (size_t)n;
    }
    if (got < req->content_len)
        return ESP_FAIL;
    coap.payload = (const uint8_t *)body;
    coap.payload_len = got;
    relay_t r = {.req = req, .coap = &coap};
    cx_sink_t sink = {on_head, on_more, &r};
    int status = cx_relay(&client, &coap, &sink);
    if (status && !r.chunked)
        return send_error(req, status);
    if (status)
        return ESP_FAIL; // the representation changed mid-transfer: the cut-short chunked body says so
    if (r.chunked)
        httpd_resp_send_chunk(req, NULL, 0);
    return ESP_OK;
}

static esp_err_t page_handler(httpd_req_t *req) {
    httpd_resp_set_type(req, "text/html; charset=utf-8");
    httpd_resp_set_hdr(req, "Content-Encoding", "gzip");
    httpd_resp_set_hdr(req, "Cache-Control", "no-cache");
    return httpd_resp_send(req, (const char *)http_page_gz, (ssize_t)http_page_gz_len);
}

void http_bridge_start(void) {
    if (server)
        return;
    if (cx_open(&client, HTTP_BRIDGE_COAP_PORT) != 0) {
        pudp_platform_log("http: no socket for the CoAP client");
        return;
    }
    httpd_config_t config = HTTPD_DEFAULT_CONFIG();
    config.server_port = HTTP_BRIDGE_PORT;
    config.max_open_sockets = 3;
    config.lru_purge_enable = true;
    config.max_uri_handlers = 8;
    config.uri_match_fn = httpd_uri_match_wildcard;
    config.recv_wait_timeout = 5;
    config.send_wait_timeout = 5;
    if (httpd_start(&server, &config) != ESP_OK) {
        server = NULL;
        pudp_platform_log("http: the web server did not start");
        return;
    }
    static const httpd_uri_t page = {.uri = "/", .method = HTTP_GET, .handler = page_handler};
    static const httpd_uri_t index_html = {.uri = "/index.html", .method = HTTP_GET, .handler = page_handler};
    httpd_register_uri_handler(server, &page);
    httpd_register_uri_handler(server, &index_html);
    static const httpd_method_t methods[] = {HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        httpd_uri_t api = {.uri = "/*", .method = methods[i], .handler = relay_handler};
        httpd_register_uri_handler(server, &api);
    }
    pudp_platform_log("http: serving the page on port 80");
}
#endif
