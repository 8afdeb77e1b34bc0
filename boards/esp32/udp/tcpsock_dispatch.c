// Hooks the UDP contract into the runtime's one socket slot without editing the runtime: the link
// wraps the socket layer's entry points (-Wl,--wrap=jd_tcpsock_new, see pager_udp.cmake), so every
// call from DeviceScript's impl_socket.c and from the main loop comes here first.
//
//   host "udp://..."   -> pager_udp.c
//   any other host     -> the stock TCP/TLS code (main/sock.c), unchanged
//
// There is still one socket: opening either kind closes the other, as the stock code does.
// sock.c's calls to its own functions stay inside sock.c (--wrap only redirects calls between files).
#include "pager_udp.h"

int __real_jd_tcpsock_new(const char *hostname, int port);
int __real_jd_tcpsock_write(const void *buf, unsigned size);
void __real_jd_tcpsock_close(void);
void __real_jd_tcpsock_process(void);

int __wrap_jd_tcpsock_new(const char *hostname, int port);
int __wrap_jd_tcpsock_write(const void *buf, unsigned size);
void __wrap_jd_tcpsock_close(void);
void __wrap_jd_tcpsock_process(void);

int __wrap_jd_tcpsock_new(const char *hostname, int port) {
    if (pudp_is_udp_host(hostname)) {
        __real_jd_tcpsock_close();
        return pudp_open(hostname, port);
    }
    pudp_close();
    return __real_jd_tcpsock_new(hostname, port);
}

int __wrap_jd_tcpsock_write(const void *buf, unsigned size) {
    if (pudp_is_open())
        return pudp_write(buf, size);
    return __real_jd_tcpsock_write(buf, size);
}

void __wrap_jd_tcpsock_close(void) {
    pudp_close();
    __real_jd_tcpsock_close();
}

void __wrap_jd_tcpsock_process(void) {
    __real_jd_tcpsock_process();
    pudp_process();
}
