// Host harness for boards/esp32/udp: plays the DeviceScript runtime around the extension.
//  - jd_tcpsock_on_event() does what impl_socket.c's bridge does: an ERROR or CLOSE ends the user
//    socket, and an ERROR also calls jd_tcpsock_close(), as the runtime does;
//  - the platform shim is boards/esp32/udp/platform_posix.c (events come back here, wake requests
//    are counted, log lines go to stderr);
//  - a line protocol on stdin/stdout lets udp.test.js drive it while it sends and receives real
//    datagrams with node:dgram. Every answer ends with a line holding a single ".".
//
// Commands: open <host> <port> | pass | pump <events> <timeout_ms> | write <hex> | close | stats | quit
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pager_udp.h"
#include "hex.h"

int jd_tcpsock_new(const char *hostname, int port);
int jd_tcpsock_write(const void *buf, unsigned size);
void jd_tcpsock_close(void);
void jd_tcpsock_process(void);

extern unsigned stock_new_calls, stock_write_calls, stock_close_calls, stock_process_calls;
extern char stock_last_host[64];

unsigned pudp_posix_wake_requests(void); // boards/esp32/udp/platform_posix.c

static unsigned events;
static int user_socket; // impl_socket.c's jd_tcpsock_on_event_override != NULL

void jd_tcpsock_on_event(unsigned event, const void *data, unsigned size) {
    const unsigned char *d = (const unsigned char *)data;
    events++;
    if (!user_socket) {
        printf("dropped-event %u\n", event);
        return;
    }
    switch (event) {
    case PUDP_EV_OPEN:
        printf("open\n");
        break;
    case PUDP_EV_MESSAGE:
        printf("data ");
        for (unsigned i = 0; i < size; ++i)
            printf("%02x", d[i]);
        printf("\n");
        break;
    case PUDP_EV_CLOSE:
        user_socket = 0;
        printf("close\n");
        break;
    case PUDP_EV_ERROR:
        user_socket = 0;
        jd_tcpsock_close();
        printf("error %.*s\n", (int)size, (const char *)data);
        break;
    default:
        printf("bad-event %u\n", event);
    }
}

static void sleep_ms(unsigned ms) {
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int main(void) {
    static char line[8192];
    static unsigned char buf[4096];
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char cmd[16] = "", arg[4096] = "";
        int num = 0, num2 = 0;
        sscanf(line, "%15s", cmd);
        if (!strcmp(cmd, "open") && sscanf(line, "%*s %4095s %d", arg, &num) == 2) {
            user_socket = 1;
            int rc = jd_tcpsock_new(arg, num);
            printf("rc %d\n", rc);
        } else if (!strcmp(cmd, "pass")) {
            jd_tcpsock_process();
        } else if (!strcmp(cmd, "pump") && sscanf(line, "%*s %d %d", &num, &num2) == 2) {
            unsigned target = events + (unsigned)num;
            for (int waited = 0; events < target && waited < num2; ++waited) {
                jd_tcpsock_process();
                if (events < target)
                    sleep_ms(1);
            }
        } else if (!strcmp(cmd, "write")) {
            sscanf(line, "%*s %4095s", arg);
            unsigned n = from_hex(arg, buf, sizeof(buf));
            printf("rc %d\n", jd_tcpsock_write(buf, n));
        } else if (!strcmp(cmd, "close")) {
            user_socket = 0;
            jd_tcpsock_close();
        } else if (!strcmp(cmd, "stats")) {
            pudp_stats_t s;
            pudp_get_stats(&s);
            printf("stats received=%u delivered=%u dropped=%u oversize=%u sent=%u send_errors=%u "
                   "queued=%u group_ignored=%u group_silenced=%u radio=%u wakes=%u udp_open=%d stock_new=%u "
                   "stock_write=%u stock_close=%u stock_process=%u stock_host=%s\n",
                   s.received, s.delivered, s.dropped, s.oversize, s.sent, s.send_errors, s.queued, s.group_ignored,
                   s.group_silenced, s.radio,
                   pudp_posix_wake_requests(), pudp_is_open(), stock_new_calls, stock_write_calls, stock_close_calls,
                   stock_process_calls, stock_last_host[0] ? stock_last_host : "-");
        } else if (!strcmp(cmd, "quit")) {
            printf(".\n");
            break;
        } else {
            printf("unknown %s\n", line);
        }
        printf(".\n");
    }
    jd_tcpsock_close();
    return 0;
}
