// Stands in for devicescript-esp32's main/sock.c (the stock TCP/TLS socket) in the host test: it
// counts calls, and like the real one it reports its outcome from jd_tcpsock_process(). A host it
// "cannot resolve" (anything with "//" or ':' in it, e.g. "udp://0.0.0.0") gets the real code's error.
#include <stdio.h>
#include <string.h>

#include "pager_udp.h" // only for the PUDP_EV_* numbers, which equal JD_CONN_EV_*

void jd_tcpsock_on_event(unsigned event, const void *data, unsigned size);
void jd_tcpsock_close(void);

unsigned stock_new_calls, stock_write_calls, stock_close_calls, stock_process_calls;
char stock_last_host[64];

static int connected;
static unsigned pending;
static const char *pending_msg;

int jd_tcpsock_new(const char *hostname, int port) {
    (void)port;
    stock_new_calls++;
    snprintf(stock_last_host, sizeof(stock_last_host), "%s", hostname);
    jd_tcpsock_close(); // the real process_open() closes first, too: a call inside this file, never wrapped
    if (strstr(hostname, "//") || strchr(hostname, ':')) {
        pending = PUDP_EV_ERROR;
        pending_msg = "can't resolve host";
    } else {
        pending = PUDP_EV_OPEN;
        connected = 1;
    }
    return 0;
}

int jd_tcpsock_write(const void *buf, unsigned size) {
    (void)buf;
    (void)size;
    stock_write_calls++;
    return connected ? 0 : -10;
}

void jd_tcpsock_close(void) {
    stock_close_calls++;
    connected = 0;
}

void jd_tcpsock_process(void) {
    stock_process_calls++;
    if (!pending)
        return;
    unsigned ev = pending;
    pending = 0;
    if (ev == PUDP_EV_ERROR)
        jd_tcpsock_on_event(ev, pending_msg, (unsigned)strlen(pending_msg));
    else
        jd_tcpsock_on_event(ev, NULL, 0);
}
