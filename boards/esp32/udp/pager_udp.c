// The UDP contract on BSD sockets (see pager_udp.h). The same file builds for the ESP32 (lwIP) and
// for Linux (POSIX), where the host test runs it against real loopback datagrams.
#ifndef ESP_PLATFORM
#define _GNU_SOURCE // struct in_pktinfo
#endif
#include "pager_udp.h"
#include "coap_group.h"
#include "page_first.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fcntl.h>
#include <unistd.h>
#ifdef ESP_PLATFORM
#include "lwip/sockets.h"
#include "lwip/inet.h"
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

// The interface that joins the CoAP group: any (the ESP32's WiFi); the host test sets loopback.
#ifndef PUDP_GROUP_INTERFACE
#define PUDP_GROUP_INTERFACE INADDR_ANY
#endif

typedef struct {
    uint16_t start; // the frame (peer header + payload) begins at data[start]
    uint16_t size;
    // the payload is always received at data[PUDP_MAX_HEADER]; the header is written just before it
    uint8_t data[PUDP_MAX_HEADER + PUDP_MAX_PAYLOAD + 1];
} slot_t;

static int sock_fd = -1;
static int sock_family;
static slot_t slots[PUDP_QUEUE_LEN];
// The slots holding a datagram, in order of arrival: a page leaves from the middle (page_first.h).
static uint8_t waiting[PUDP_QUEUE_LEN];
static unsigned q_count;
static uint32_t slots_in_use; // bit i: slots[i] is in waiting
_Static_assert(PUDP_QUEUE_LEN <= 32, "slots_in_use has a bit per slot");
static unsigned pending_event; // OPEN or ERROR waiting for pudp_process(), 0 = none
static char message[112];      // the ERROR event's text; also the log line buffer
static pudp_stats_t stats;

static void log_line(const char *line) {
    pudp_platform_log(line);
}

bool pudp_is_udp_host(const char *host) {
    return host != NULL && strncmp(host, PUDP_HOST_PREFIX, sizeof(PUDP_HOST_PREFIX) - 1) == 0;
}

bool pudp_is_open(void) {
    return sock_fd >= 0;
}

static void fail_open(const char *what, const char *addr, int port, int err) {
    if (err)
        snprintf(message, sizeof(message), "udp %s %s:%d: %s", what, addr, port, strerror(err));
    else
        snprintf(message, sizeof(message), "udp %s %s:%d", what, addr, port);
    log_line(message);
    pending_event = PUDP_EV_ERROR;
    pudp_platform_wake();
}

// Parses "a.b.c.d", "::1" or "[::1]" into a socket address. 0 on success.
static int parse_bind_address(const char *text, int port, struct sockaddr_storage *ss, socklen_t *len) {
    char buf[48];
    size_t n = strlen(text);
    if (n >= sizeof(buf))
        return -1;
    memcpy(buf, text, n + 1);
    if (n >= 2 && buf[0] == '[' && buf[n - 1] == ']') {
        memmove(buf, buf + 1, n - 2);
        buf[n - 2] = 0;
    }
    memset(ss, 0, sizeof(*ss));
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, buf, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *len = sizeof(*v4);
        return 0;
    }
    if (inet_pton(AF_INET6, buf, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *len = sizeof(*v6);
        return 0;
    }
    return -1;
}

// Joins All-CoAP-Nodes on an IPv4 socket and asks for each datagram's destination (IP_PKTINFO), so that
// group requests can be told apart. Without it the base still serves unicast.
static void join_coap_group(int fd) {
    struct ip_mreq mreq = {0};
    inet_pton(AF_INET, COAP_GROUP_ADDR, &mreq.imr_multiaddr);
    mreq.imr_interface.s_addr = htonl(PUDP_GROUP_INTERFACE);
    int on = 1;
    if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) != 0 ||
        setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) != 0) {
        snprintf(message, sizeof(message), "udp: no CoAP multicast: %s", strerror(errno));
        log_line(message);
    }
}

// True when the datagram just received was sent to the CoAP group (its IP_PKTINFO destination).
static bool to_coap_group(struct msghdr *msg) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof(info));
            struct in_addr group;
            inet_pton(AF_INET, COAP_GROUP_ADDR, &group);
            return info.ipi_addr.s_addr == group.s_addr;
        }
    }
    return false;
}

int pudp_open(const char *host, int port) {
    pudp_close();
    // "<address>#<name>": the address is bound, the name announced.
    char addr[48];
    const char *rest = host + sizeof(PUDP_HOST_PREFIX) - 1;
    const char *hash = strchr(rest, '#');
    size_t alen = hash ? (size_t)(hash - rest) : strlen(rest);
    if (alen >= sizeof(addr))
        alen = 0; // longer than any IP literal: refused below as an empty address
    memcpy(addr, rest, alen);
    addr[alen] = 0;
    const char *name = hash ? hash + 1 : "";
    if (port <= 0 || port > 0xffff) {
        fail_open("port out of range", addr, port, 0);
        return 0;
    }
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_bind_address(addr, port, &ss, &sslen) != 0) {
        fail_open("bind address is not an IP literal", addr, port, 0);
        return 0;
    }
    int fd = socket(ss.ss_family, SOCK_DGRAM, IPPROTO_UDP);
    if (fd < 0) {
        fail_open("socket", addr, port, errno);
        return 0;
    }
#ifdef IPV6_V6ONLY
    if (ss.ss_family == AF_INET6) {
        int off = 0; // "::" also takes IPv4 peers; they are reported as IPv4 (see put_header)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    }
#endif
    // No SO_REUSEADDR: a port already bound must fail the open, not be shared.
    if (bind(fd, (struct sockaddr *)&ss, sslen) != 0) {
        int err = errno;
        close(fd);
        fail_open("bind", addr, port, err);
        return 0;
    }
    int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    if (ss.ss_family == AF_INET)
        join_coap_group(fd);
    sock_fd = fd;
    sock_family = ss.ss_family;
    snprintf(message, sizeof(message), "udp bound %s:%d", addr, port);
    log_line(message);
    size_t nlen = strlen(name);
    if (nlen > 0 && nlen <= PUDP_NAME_MAX)
        pudp_platform_announce(name, port);
    pending_event = PUDP_EV_OPEN;
    pudp_platform_wake();
    return 0;
}

void pudp_close(void) {
    if (sock_fd >= 0) {
        close(sock_fd);
        sock_fd = -1;
    }
    q_count = 0;
    slots_in_use = 0;
    pending_event = 0;
    coap_group_reset();
}

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Writes the peer header ending at slot->data[PUDP_MAX_HEADER]; 0 when the address family is unknown.
static int put_header(slot_t *slot, const struct sockaddr_storage *from) {
    const uint8_t *addr;
    unsigned alen;
    uint16_t port;
    if (from->ss_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)from;
        addr = (const uint8_t *)&v4->sin_addr;
        alen = 4;
        port = ntohs(v4->sin_port);
    } else if (from->ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)from;
        addr = (const uint8_t *)&v6->sin6_addr;
        alen = 16;
        port = ntohs(v6->sin6_port);
        if (memcmp(addr, v4_mapped_prefix, 12) == 0) { // an IPv4 peer on a dual-stack socket
            addr += 12;
            alen = 4;
        }
    } else {
        return 0;
    }
    unsigned start = PUDP_MAX_HEADER - (1 + alen + 2);
    uint8_t *h = slot->data + start;
    h[0] = (uint8_t)alen;
    memcpy(h + 1, addr, alen);
    h[1 + alen] = (uint8_t)(port >> 8);
    h[2 + alen] = (uint8_t)port;
    slot->start = (uint16_t)start;
    return 1;
}

// A slot no datagram waits in, or NULL when all are taken.
static slot_t *free_slot(void) {
    for (unsigned i = 0; i < PUDP_QUEUE_LEN; ++i)
        if (!(slots_in_use & (1u << i)))
            return &slots[i];
    return NULL;
}

// Where in `waiting` the datagram to hand over next is: the oldest from the peer of the first page, else the oldest.
static unsigned next_to_hand(void) {
    unsigned page = 0;
    while (page < q_count && !(slots[waiting[page]].data[slots[waiting[page]].start] >> PAGE_ASKED_SHIFT))
        ++page;
    if (page == q_count)
        return 0;
    const slot_t *p = &slots[waiting[page]];
    unsigned k = 0;
    while (!page_same_peer(slots[waiting[k]].data + slots[waiting[k]].start, p->data + p->start))
        ++k;
    return k;
}

// Reads what the socket holds into the queue. Returns false after a fatal socket error (ERROR emitted).
static bool poll_socket(void) {
    static uint8_t discard;
    for (int reads = 0; reads < PUDP_READS_PER_PASS; ++reads) {
        struct sockaddr_storage from;
        slot_t *slot = free_slot();
        // A full queue still reads, into one byte, so the datagram is consumed and dropped (the rest of a
        // datagram that does not fit is discarded by the stack).
        struct iovec iov = {.iov_base = slot ? slot->data + PUDP_MAX_HEADER : &discard,
                            .iov_len = slot ? PUDP_MAX_PAYLOAD + 1 : 1};
        union {
            struct cmsghdr align;
            uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
        } control;
        struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
                             .msg_control = &control, .msg_controllen = sizeof(control)};
        int n = recvmsg(sock_fd, &msg, MSG_DONTWAIT);
        if (n < 0) {
            int err = errno;
            if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)
                return true;
            // ICMP errors from an earlier send surface here on some stacks; they do not end the endpoint.
            if (err == ECONNREFUSED || err == EHOSTUNREACH || err == ENETUNREACH || err == EMSGSIZE)
                continue;
            snprintf(message, sizeof(message), "udp receive: %s", strerror(err));
            log_line(message);
            pudp_close();
            pudp_platform_emit(PUDP_EV_ERROR, message, strlen(message));
            return false;
        }
        stats.received++;
        if (!slot) {
            stats.dropped++;
            continue;
        }
        if (n > PUDP_MAX_PAYLOAD) {
            stats.oversize++;
            continue;
        }
        if (!put_header(slot, &from)) {
            stats.dropped++;
            continue;
        }
        if (to_coap_group(&msg) && !coap_group_accept(slot->data + slot->start, slot->data + PUDP_MAX_HEADER, n)) {
            stats.group_ignored++;
            continue;
        }
        slot->size = (uint16_t)(PUDP_MAX_HEADER - slot->start + n);
        slot->data[slot->start] |= (uint8_t)(page_asked(slot->data + PUDP_MAX_HEADER, (unsigned)n) << PAGE_ASKED_SHIFT);
        unsigned i = (unsigned)(slot - slots);
        slots_in_use |= 1u << i;
        waiting[q_count++] = (uint8_t)i;
    }
    pudp_platform_wake(); // the read budget ran out: come back soon
    return true;
}

void pudp_process(void) {
    if (pending_event) {
        unsigned ev = pending_event;
        pending_event = 0;
        if (ev == PUDP_EV_ERROR)
            pudp_platform_emit(ev, message, strlen(message));
        else
            pudp_platform_emit(ev, NULL, 0);
    }
    if (sock_fd < 0)
        return;
    if (!poll_socket())
        return;
    for (int i = 0; i < PUDP_DELIVER_PER_PASS && q_count > 0 && sock_fd >= 0; ++i) {
        unsigned k = next_to_hand();
        slot_t *slot = &slots[waiting[k]];
        slots_in_use &= ~(1u << waiting[k]);
        memmove(waiting + k, waiting + k + 1, q_count - k - 1);
        q_count--;
        stats.delivered++;
        // The slot is not reused until the next poll, which comes after this call returns.
        pudp_platform_emit(PUDP_EV_MESSAGE, slot->data + slot->start, slot->size);
    }
    if (q_count > 0)
        pudp_platform_wake();
}

int pudp_write(const void *frame, unsigned size) {
    if (sock_fd < 0)
        return PUDP_ERR_NOT_OPEN;
    const uint8_t *f = (const uint8_t *)frame;
    if (size < 1)
        return PUDP_ERR_FRAME;
    unsigned alen = f[0];
    if ((alen != 4 && alen != 16) || size < 3 + alen)
        return PUDP_ERR_FRAME;
    uint16_t port = (uint16_t)((f[1 + alen] << 8) | f[2 + alen]);
    const uint8_t *payload = f + 3 + alen;
    unsigned plen = size - 3 - alen;
    // The radio is the peer 0.0.0.0:0: the VM's virtual RF datagrams go on air (rf_train.h), not to the network.
    if (alen == 4 && port == 0 && !(f[1] | f[2] | f[3] | f[4])) {
        stats.radio++;
        return pudp_platform_radio(payload, plen);
    }

    struct sockaddr_storage to;
    socklen_t tolen;
    memset(&to, 0, sizeof(to));
    if (sock_family == AF_INET) {
        if (alen != 4)
            return PUDP_ERR_FAMILY;
        struct sockaddr_in *v4 = (struct sockaddr_in *)&to;
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        memcpy(&v4->sin_addr, f + 1, 4);
        tolen = sizeof(*v4);
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&to;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        uint8_t *a = (uint8_t *)&v6->sin6_addr;
        if (alen == 4) { // an IPv4 peer through a dual-stack socket
            memcpy(a, v4_mapped_prefix, 12);
            memcpy(a + 12, f + 1, 4);
        } else {
            memcpy(a, f + 1, 16);
        }
        tolen = sizeof(*v6);
    }
    if (coap_group_silence(f, size)) {
        stats.group_silenced++;
        return 0;
    }
    int n = sendto(sock_fd, payload, plen, MSG_DONTWAIT, (struct sockaddr *)&to, tolen);
    if (n != (int)plen) {
        stats.send_errors++;
        return PUDP_ERR_SEND;
    }
    stats.sent++;
    return 0;
}

void pudp_get_stats(pudp_stats_t *out) {
    *out = stats;
    out->queued = q_count;
}
