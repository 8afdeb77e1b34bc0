// The Linux side of pager_udp's platform shim (the ESP32 side is platform_esp32.c). Used by the host
// test (test/host/harness.c); never copied into the ESP32 build.
//
// Same model as on the ESP32: everything runs on one thread, the one that calls jd_tcpsock_process(),
// so there is no task and no lock. Events go to jd_tcpsock_on_event(), which the harness implements
// the way the runtime's impl_socket.c bridge does; a wake request is only counted (the harness's main
// loop polls anyway), log lines and announcements go to stderr.
#ifndef ESP_PLATFORM
#include <stdio.h>

#include "pager_udp.h"

void jd_tcpsock_on_event(unsigned event, const void *data, unsigned size);

static unsigned wake_requests;

void pudp_platform_emit(unsigned event, const void *data, unsigned size) {
    jd_tcpsock_on_event(event, data, size);
}

void pudp_platform_wake(void) {
    wake_requests++;
}

void pudp_platform_log(const char *line) {
    fprintf(stderr, "UDP: %s\n", line);
}

void pudp_platform_announce(const char *name, int port) {
    fprintf(stderr, "UDP: announce %s._coap._udp port %d\n", name, port);
}

/** The radio of the host test: prints the datagram, for udp.test.js to check that it reached no network. */
int pudp_platform_radio(const uint8_t *datagram, unsigned len) {
    printf("radio ");
    for (unsigned i = 0; i < len; ++i)
        printf("%02x", datagram[i]);
    printf("\n");
    return 0;
}

/** How many times the extension asked the main loop to come back soon. */
unsigned pudp_posix_wake_requests(void) {
    return wake_requests;
}
#endif
