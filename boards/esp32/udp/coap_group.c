// CoAP group requests and their replies (see coap_group.h).
#include "coap_group.h"

#include <string.h>

#define PEER_MAX (1 + 16 + 2)
#define TOKEN_MAX 8
#define TYPE_NON 1
#define TYPE_RST 3

typedef struct {
    uint8_t peer[PEER_MAX]; // the peer header, as the reply's frame starts
    uint8_t token[TOKEN_MAX];
    uint8_t peer_len, token_len, used;
} pending_t;

static pending_t pending[COAP_GROUP_PENDING];
static unsigned next_slot;

// The header of a CoAP message (RFC 7252 3): type, code, token. False when it is not a CoAP message.
static bool coap_head(const uint8_t *msg, unsigned len, unsigned *type, unsigned *code, unsigned *tkl) {
    if (len < 4 || (msg[0] >> 6) != 1)
        return false;
    *type = (msg[0] >> 4) & 3;
    *code = msg[1];
    *tkl = msg[0] & 15;
    return *tkl <= TOKEN_MAX && len >= 4 + *tkl;
}

static unsigned peer_length(const uint8_t *peer) {
    return 1u + peer[0] + 2u;
}

bool coap_group_accept(const uint8_t *peer, const uint8_t *msg, unsigned len) {
    unsigned type, code, tkl;
    // a request: class 0 and not the empty message 0.00
    if (!coap_head(msg, len, &type, &code, &tkl) || type != TYPE_NON || code == 0 || (code >> 5) != 0)
        return false;
    pending_t *p = &pending[next_slot];
    next_slot = (next_slot + 1) % COAP_GROUP_PENDING;
    p->peer_len = (uint8_t)peer_length(peer);
    memcpy(p->peer, peer, p->peer_len);
    p->token_len = (uint8_t)tkl;
    memcpy(p->token, msg + 4, tkl);
    p->used = 1;
    return true;
}

bool coap_group_silence(const uint8_t *frame, unsigned size) {
    unsigned type, code, tkl;
    if (size < 1 || size < peer_length(frame))
        return false;
    unsigned plen = peer_length(frame);
    const uint8_t *msg = frame + plen;
    if (!coap_head(msg, size - plen, &type, &code, &tkl))
        return false;
    for (unsigned i = 0; i < COAP_GROUP_PENDING; ++i) {
        pending_t *p = &pending[i];
        if (p->used && p->peer_len == plen && p->token_len == tkl && memcmp(p->peer, frame, plen) == 0 &&
            memcmp(p->token, msg + 4, tkl) == 0) {
            p->used = 0;
            return type == TYPE_RST || (code >> 5) >= 4;
        }
    }
    return false;
}

void coap_group_reset(void) {
    memset(pending, 0, sizeof(pending));
    next_slot = 0;
}
