// The HTTP <-> CoAP mapping of the ESP32's web server (http_coap_map.h): RFC 7252 encoding, RFC 3986
// percent-decoding, RFC 8075 status codes. Pure: no sockets, no ESP-IDF; test/host compiles it with cc.
#include "http_coap_map.h"

#include <stdio.h>
#include <string.h>

#define OPT_IF_MATCH 1
#define OPT_ETAG 4
#define OPT_IF_NONE_MATCH 5
#define OPT_URI_PATH 11
#define OPT_CONTENT_FORMAT 12
#define OPT_URI_QUERY 15
#define OPT_BLOCK2 23
#define OPT_BLOCK1 27
#define OPT_ECHO 252
#define OPT_REQUEST_TAG 292
#define OPT_ACCESS_TOKEN 65003
#define TOKEN_BYTES 16

typedef struct {
    uint16_t number;
    const uint8_t *value;
    size_t len;
} option_t;

typedef struct {
    option_t items[HCM_MAX_OPTIONS];
    size_t count;
    // Decoded path and query items and option values live here.
    uint8_t scratch[600];
    size_t used;
} options_t;

static bool add(options_t *o, uint16_t number, const uint8_t *value, size_t len) {
    if (o->count >= HCM_MAX_OPTIONS)
        return false;
    // Insertion keeps options in number order, same-number options in the order given (RFC 7252 §3.1).
    size_t i = o->count;
    while (i > 0 && o->items[i - 1].number > number) {
        o->items[i] = o->items[i - 1];
        i--;
    }
    o->items[i] = (option_t){number, value, len};
    o->count++;
    return true;
}

static uint8_t *reserve(options_t *o, size_t len) {
    if (o->used + len > sizeof o->scratch)
        return NULL;
    uint8_t *p = o->scratch + o->used;
    o->used += len;
    return p;
}

static bool add_uint(options_t *o, uint16_t number, uint32_t v) {
    uint8_t bytes[4];
    size_t n = 0;
    for (int shift = 24; shift >= 0; shift -= 8)
        if (n || (v >> shift) & 0xff)
            bytes[n++] = (uint8_t)(v >> shift);
    uint8_t *p = reserve(o, n ? n : 1);
    if (!p)
        return false;
    memcpy(p, bytes, n);
    return add(o, number, p, n);
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** Percent-decodes text[0..len) as one option; false on a bad escape or no room. */
static bool add_decoded(options_t *o, uint16_t number, const char *text, size_t len) {
    uint8_t *start = o->scratch + o->used;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t byte = (uint8_t)text[i];
        if (text[i] == '%') {
            int hi = i + 1 < len ? hex_digit(text[i + 1]) : -1;
            int lo = i + 2 < len ? hex_digit(text[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return false;
            byte = (uint8_t)(hi * 16 + lo);
            i += 2;
        }
        if (!reserve(o, 1))
            return false;
        start[n++] = byte;
    }
    return add(o, number, start, n);
}

static bool is_space(char c) {
    return c == ' ' || c == '\t';
}

/** "application/json" with any parameters and case. */
static bool is_json(const char *type) {
    static const char want[] = "application/json";
    while (is_space(*type))
        type++;
    for (size_t i = 0; i < sizeof want - 1; i++) {
        char c = type[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != want[i])
            return false;
    }
    type += sizeof want - 1;
    while (is_space(*type))
        type++;
    return *type == '\0' || *type == ';';
}

/**
 * An entity-tag list ("hex", W/"hex", comma separated; 1..8 bytes each) as options `number`, or "*" as an
 * empty `star_number` option. 0 ok, else the HTTP status.
 */
static int add_tags(options_t *o, const char *value, uint16_t number, uint16_t star_number) {
    const char *p = value;
    while (is_space(*p))
        p++;
    if (*p == '*') {
        p++;
        while (is_space(*p))
            p++;
        return *p == '\0' && add(o, star_number, NULL, 0) ? 0 : 400;
    }
    for (;;) {
        while (is_space(*p))
            p++;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p++ != '"')
            return 400;
        uint8_t *tag = o->scratch + o->used;
        size_t n = 0;
        while (hex_digit(p[0]) >= 0 && hex_digit(p[1]) >= 0) {
            if (n == 8 || !reserve(o, 1))
                return 400;
            tag[n++] = (uint8_t)(hex_digit(p[0]) * 16 + hex_digit(p[1]));
            p += 2;
        }
        if (*p++ != '"' || n == 0 || !add(o, number, tag, n))
            return 400;
        while (is_space(*p))
            p++;
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            return 400;
    }
}

/** The 32 hex digits of the "pbtoken" cookie in a Cookie header, or NULL. */
static const char *cookie_token(const char *cookie) {
    for (const char *p = cookie; p && (p = strstr(p, "pbtoken=")) != NULL; p++) {
        const char *v = p + 8;
        bool starts = p == cookie || p[-1] == ' ' || p[-1] == ';';
        size_t n = 0;
        while (n < 2 * TOKEN_BYTES && hex_digit(v[n]) >= 0 && !(v[n] >= 'A' && v[n] <= 'F'))
            n++;
        if (starts && n == 2 * TOKEN_BYTES && (v[n] == '\0' || v[n] == ';'))
            return v;
    }
    return NULL;
}

static int method_code(const char *m) {
    static const char *const names[] = {"GET", "POST", "PUT", "DELETE"};
    for (int i = 0; i < 4; i++)
        if (m && strcmp(m, names[i]) == 0)
            return i + 1;
    return 0;
}

/** The options for `r`: 0, or the HTTP error status. */
static int build_options(const hcm_request_t *r, int code, options_t *o) {
    const char *t = r->target;
    if (!t || t[0] != '/')
        return 400;
    const char *query = strchr(t, '?');
    const char *path_end = query ? query : t + strlen(t);
    if (path_end - t > 1) {
        for (const char *seg = t + 1;;) {
            const char *end = memchr(seg, '/', (size_t)(path_end - seg));
            if (!end)
                end = path_end;
            if (!add_decoded(o, OPT_URI_PATH, seg, (size_t)(end - seg)))
                return 400;
            if (end == path_end)
                break;
            seg = end + 1;
        }
    }
    if (query) {
        for (const char *item = query + 1;;) {
            const char *end = strchr(item, '&');
            size_t len = end ? (size_t)(end - item) : strlen(item);
            if (len && !add_decoded(o, OPT_URI_QUERY, item, len))
                return 400;
            if (!end)
                break;
            item = end + 1;
        }
    }
    if (r->content_type) {
        if (!is_json(r->content_type))
            return 415;
        if (!add_uint(o, OPT_CONTENT_FORMAT, HCM_FORMAT_JSON))
            return 500;
    }
    if (r->if_none_match && r->block2 < 0) {
        // With tags it is a validation, which CoAP has for GET only (ETag, answered 2.03).
        size_t before = o->count;
        int status = add_tags(o, r->if_none_match, OPT_ETAG, OPT_IF_NONE_MATCH);
        if (status)
            return status;
        if (code != HCM_CODE_GET && o->items[0].number == OPT_ETAG && o->count > before)
            return 501;
    }
    if (r->if_match && r->block2 < 0) {
        int status = add_tags(o, r->if_match, OPT_IF_MATCH, OPT_IF_MATCH);
        if (status)
            return status;
    }
    const char *hex = cookie_token(r->cookie);
    if (hex) {
        uint8_t *p = reserve(o, TOKEN_BYTES);
        if (!p)
            return 500;
        for (int i = 0; i < TOKEN_BYTES; i++)
            p[i] = (uint8_t)(hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]));
        if (!add(o, OPT_ACCESS_TOKEN, p, TOKEN_BYTES))
            return 500;
    }
    if ((r->block1 >= 0 && !add_uint(o, OPT_BLOCK1, (uint32_t)r->block1)) ||
        (r->block2 >= 0 && !add_uint(o, OPT_BLOCK2, (uint32_t)r->block2)) ||
        (r->request_tag_len && !add(o, OPT_REQUEST_TAG, r->request_tag, r->request_tag_len)) ||
        (r->echo_len && !add(o, OPT_ECHO, r->echo, r->echo_len)))
        return 500;
    return 0;
}

/** Appends a delta or length nibble's extension (RFC 7252 §3.1); returns the nibble. */
static uint8_t nibble(size_t v, uint8_t *ext, size_t *ext_len) {
    if (v < 13)
        return (uint8_t)v;
    if (v < 269) {
        ext[(*ext_len)++] = (uint8_t)(v - 13);
        return 13;
    }
    ext[(*ext_len)++] = (uint8_t)((v - 269) >> 8);
    ext[(*ext_len)++] = (uint8_t)(v - 269);
    return 14;
}

size_t hcm_encode_request(const hcm_request_t *r, uint8_t *out, size_t cap, int *status) {
    static options_t o; // one request at a time (the web server's one task); 1 KB off its stack
    memset(&o, 0, sizeof o);
    int code = method_code(r->method);
    *status = code ? build_options(r, code, &o) : 501;
    if (*status)
        return 0;
    *status = 500;
    if (r->token_len > 8 || cap < 4 + r->token_len)
        return 0;
    out[0] = (uint8_t)(0x40 | (HCM_TYPE_CON << 4) | r->token_len);
    out[1] = (uint8_t)code;
    out[2] = (uint8_t)(r->mid >> 8);
    out[3] = (uint8_t)r->mid;
    memcpy(out + 4, r->token, r->token_len);
    size_t n = 4 + r->token_len;
    uint16_t last = 0;
    for (size_t i = 0; i < o.count; i++) {
        uint8_t ext[4];
        size_t ext_len = 0;
        uint8_t d = nibble(o.items[i].number - last, ext, &ext_len);
        uint8_t l = nibble(o.items[i].len, ext, &ext_len);
        last = o.items[i].number;
        if (n + 1 + ext_len + o.items[i].len > cap)
            return 0;
        out[n++] = (uint8_t)(d << 4 | l);
        memcpy(out + n, ext, ext_len);
        n += ext_len;
        if (o.items[i].len)
            memcpy(out + n, o.items[i].value, o.items[i].len);
        n += o.items[i].len;
    }
    if (r->payload_len) {
        if (n + 1 + r->payload_len > cap)
            return 0;
        out[n++] = 0xff;
        memcpy(out + n, r->payload, r->payload_len);
        n += r->payload_len;
    }
    *status = 0;
    return n;
}

/** Reads an option delta/length nibble at buf[*i]; false when it runs past `len` or is 15. */
static bool read_nibble(const uint8_t *buf, size_t len, size_t *i, uint8_t v, size_t *out) {
    if (v < 13) {
        *out = v;
        return true;
    }
    if (v == 13 && *i < len) {
        *out = (size_t)buf[(*i)++] + 13;
        return true;
    }
    if (v == 14 && *i + 1 < len) {
        *out = ((size_t)buf[*i] << 8 | buf[*i + 1]) + 269;
        *i += 2;
        return true;
    }
    return false;
}

static uint32_t read_uint(const uint8_t *v, size_t len) {
    uint32_t n = 0;
    for (size_t i = 0; i < len && i < 4; i++)
        n = n << 8 | v[i];
    return n;
}

bool hcm_parse_response(const uint8_t *buf, size_t len, hcm_response_t *res) {
    memset(res, 0, sizeof *res);
    res->format = -1;
    res->block2 = -1;
    if (len < 4 || buf[0] >> 6 != 1 || (buf[0] & 0x0f) > 8 || len < 4u + (buf[0] & 0x0f))
        return false;
    res->type = (buf[0] >> 4) & 3;
    res->code = buf[1];
    res->mid = (uint16_t)(buf[2] << 8 | buf[3]);
    res->token_len = buf[0] & 0x0f;
    memcpy(res->token, buf + 4, res->token_len);
    size_t i = 4 + res->token_len;
    size_t number = 0;
    while (i < len) {
        if (buf[i] == 0xff) {
            if (i + 1 >= len)
                return false;
            res->payload = buf + i + 1;
            res->payload_len = len - i - 1;
            return true;
        }
        uint8_t byte = buf[i++];
        size_t delta, olen;
        if (!read_nibble(buf, len, &i, byte >> 4, &delta) || !read_nibble(buf, len, &i, byte & 0x0f, &olen) ||
            olen > len - i)
            return false;
        number += delta;
        const uint8_t *v = buf + i;
        if (number == OPT_ETAG && olen <= sizeof res->etag && !res->etag_len) {
            memcpy(res->etag, v, olen);
            res->etag_len = olen;
        } else if (number == OPT_CONTENT_FORMAT && olen <= 2) {
            res->format = (int)read_uint(v, olen);
        } else if (number == OPT_BLOCK2 && olen <= 3) {
            res->block2 = (int32_t)read_uint(v, olen);
        } else if (number == OPT_ECHO && olen <= sizeof res->echo) {
            memcpy(res->echo, v, olen);
            res->echo_len = olen;
        }
        i += olen;
    }
    return true;
}

int hcm_http_status(uint8_t code, bool has_payload) {
    switch (code) {
    case 0x40: case 0x45: return 200;
    case 0x41: return 201;
    case 0x42: case 0x44: return has_payload ? 200 : 204;
    case 0x43: return 304;
    case 0x80: case 0x82: case 0x85: case 0x88: return 400; // 4.05: a 405 must list the methods (RFC 8075)
    case 0x81: case 0x83: return 403;
    case 0x84: return 404;
    case 0x86: return 406;
    case 0x8c: return 412;
    case 0x8d: return 413;
    case 0x8f: return 415;
    case 0x9d: return 429;
    case 0xa0: return 500;
    case 0xa1: return 501;
    case 0xa2: case 0xa5: return 502;
    case 0xa3: return 503;
    case 0xa4: return 504;
    default: return code >= 0x80 && code < 0xa0 ? 400 : 502;
    }
}

const char *hcm_status_line(int status) {
    switch (status) {
    case 200: return "200 OK";
    case 201: return "201 Created";
    case 204: return "204 No Content";
    case 304: return "304 Not Modified";
    case 400: return "400 Bad Request";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 406: return "406 Not Acceptable";
    case 412: return "412 Precondition Failed";
    case 413: return "413 Content Too Large";
    case 415: return "415 Unsupported Media Type";
    case 429: return "429 Too Many Requests";
    case 500: return "500 Internal Server Error";
    case 501: return "501 Not Implemented";
    case 503: return "503 Service Unavailable";
    case 504: return "504 Gateway Timeout";
    default: return "502 Bad Gateway";
    }
}

const char *hcm_content_type(const hcm_response_t *res) {
    if (res->format == HCM_FORMAT_JSON)
        return "application/json";
    return res->format < 0 ? "text/plain; charset=utf-8" : "application/octet-stream";
}

bool hcm_etag_header(const hcm_response_t *res, char *out, size_t cap) {
    static const char hex[] = "0123456789abcdef";
    if (!res->etag_len || cap < 2 * res->etag_len + 3)
        return false;
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < res->etag_len; i++) {
        out[n++] = hex[res->etag[i] >> 4];
        out[n++] = hex[res->etag[i] & 15];
    }
    out[n++] = '"';
    out[n] = '\0';
    return true;
}

/** The text after `"key":` in a JSON body of `len` bytes, or NULL. */
static const char *json_after(const uint8_t *body, size_t len, const char *key) {
    size_t k = strlen(key);
    for (size_t i = 0; i + k < len; i++)
        if (memcmp(body + i, key, k) == 0)
            return (const char *)body + i + k;
    return NULL;
}

bool hcm_login_cookie(const hcm_request_t *r, const hcm_response_t *res, char *cookie, size_t cookie_cap, char *body,
                      size_t body_cap) {
    if (res->code != 0x41 || !r->method || strcmp(r->method, "POST") != 0 || !r->target ||
        strcmp(r->target, "/v1/login") != 0)
        return false;
    const char *token = json_after(res->payload, res->payload_len, "\"token\":\"");
    const char *life = json_after(res->payload, res->payload_len, "\"expiresInSeconds\":");
    const char *end = (const char *)res->payload + res->payload_len;
    if (!token || !life || end - token < 2 * TOKEN_BYTES + 1 || token[2 * TOKEN_BYTES] != '"')
        return false;
    unsigned long seconds = 0;
    for (const char *p = life; p < end && *p >= '0' && *p <= '9' && seconds < 100000000; p++)
        seconds = seconds * 10 + (unsigned long)(*p - '0');
    for (int i = 0; i < 2 * TOKEN_BYTES; i++)
        if (hex_digit(token[i]) < 0)
            return false;
    int c = snprintf(cookie, cookie_cap, "pbtoken=%.32s; Path=/; Max-Age=%lu; HttpOnly; SameSite=Strict", token, seconds);
    int b = snprintf(body, body_cap, "{\"expiresInSeconds\":%lu}", seconds);
    return seconds > 0 && c > 0 && (size_t)c < cookie_cap && b > 0 && (size_t)b < body_cap;
}

