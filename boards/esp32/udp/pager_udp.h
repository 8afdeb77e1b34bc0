// The UDP contract (docs/udp-contract.md) on BSD sockets: lwIP on the ESP32, POSIX on Linux.
//
//   open   "udp://<bind-address>[#<name>]", port  -> OPEN event once bound, ERROR event with a message if not;
//          a name makes the platform announce the endpoint under it (mDNS on the ESP32, README "Finding the base")
//   data   one MESSAGE event per datagram: [addrLen u8 (4|16)] [addr] [port u16 BE] [payload]
//   write  a frame with the same header sends one datagram to that peer; to 0.0.0.0:0, it goes to the radio
//
// Single-threaded by design: every function here runs on the caller's task (the DeviceScript main loop
// on the ESP32), events included, so the VM is never entered from another task. Datagrams are polled
// from a non-blocking socket into a bounded queue; when it is full, new datagrams are dropped, as an
// lwIP mailbox drops them.
#pragma once

#include <stdbool.h>
#include <stdint.h>

// Event numbers: the runtime's JD_CONN_EV_* (runtime/devicescript/network/jd_network.h).
#define PUDP_EV_OPEN 0x01
#define PUDP_EV_CLOSE 0x02
#define PUDP_EV_ERROR 0x03
#define PUDP_EV_MESSAGE 0x04

// Datagrams waiting for the VM. Each slot holds one whole datagram. Sized for a burst of 16 host-stand requests
// arriving while the VM handles one (README "ESP32", "Receive path"): one pass reads up to PUDP_READS_PER_PASS
// (32) datagrams, so the whole burst moves from lwIP's mailbox (sdkconfig.pager: 16 too) into this queue at once.
// DRAM: 16 slots x 1304 bytes (2 + 2 + 19 + 1280 + 1) = 20,864 bytes of .bss, fixed at link time.
#ifndef PUDP_QUEUE_LEN
#define PUDP_QUEUE_LEN 16
#endif
// Largest payload accepted (IPv6 minimum MTU; CoAP stays under 1152). Longer datagrams are dropped.
#ifndef PUDP_MAX_PAYLOAD
#define PUDP_MAX_PAYLOAD 1280
#endif
// Datagrams handed to the VM per pudp_process() call: one, so the VM never holds more than one.
#ifndef PUDP_DELIVER_PER_PASS
#define PUDP_DELIVER_PER_PASS 1
#endif
// Socket reads per pudp_process() call, so a flood cannot starve the main loop (watchdog).
#ifndef PUDP_READS_PER_PASS
#define PUDP_READS_PER_PASS 32
#endif

#define PUDP_HOST_PREFIX "udp://"
// Longest name announced (a DNS label); a longer one is not announced.
#define PUDP_NAME_MAX 63
#define PUDP_MAX_HEADER (1 + 16 + 2)

// Return codes of pudp_write (0 = sent).
#define PUDP_ERR_FRAME -2    // header malformed
#define PUDP_ERR_FAMILY -3   // an IPv6 peer on an IPv4 socket
#define PUDP_ERR_SEND -4     // the stack refused it (no route, no buffer...)
#define PUDP_ERR_NOT_OPEN -10

typedef struct {
    uint32_t received;  // datagrams read from the socket
    uint32_t delivered; // data events emitted
    uint32_t dropped;   // queue full
    uint32_t oversize;  // longer than PUDP_MAX_PAYLOAD
    uint32_t sent;
    uint32_t send_errors;
    uint32_t queued;    // waiting now
    uint32_t group_ignored;  // sent to the CoAP group but not a NON request (coap_group.h)
    uint32_t group_silenced; // error or Reset replies to group requests, not sent
    uint32_t radio;          // virtual RF datagrams handed to the radio (peer 0.0.0.0:0)
} pudp_stats_t;

/** True when the host string asks for a datagram endpoint ("udp://..."). */
bool pudp_is_udp_host(const char *host);

/** Binds. Always returns 0: the outcome arrives as an OPEN or ERROR event from pudp_process(). */
int pudp_open(const char *host, int port);

/** True from a successful bind until pudp_close(). */
bool pudp_is_open(void);

/** Sends one datagram; `frame` starts with the peer header. 0 or a PUDP_ERR_* code. */
int pudp_write(const void *frame, unsigned size);

/** Closes the socket and forgets queued datagrams and undelivered events. No event. */
void pudp_close(void);

/** Polls the socket into the queue and emits pending events; call it from the main loop. */
void pudp_process(void);

void pudp_get_stats(pudp_stats_t *out);

// ---- supplied by the platform (platform_esp32.c; the host test's harness) ----

/** Delivers an event; `data` is only valid during the call. */
void pudp_platform_emit(unsigned event, const void *data, unsigned size);
/** Asks the main loop to run again soon (more events are waiting). */
void pudp_platform_wake(void);
/** One line to the device log. */
void pudp_platform_log(const char *line);
/** Announces the endpoint bound at `port` under `name` (1..PUDP_NAME_MAX characters). */
void pudp_platform_announce(const char *name, int port);
/**
 * Puts a virtual RF datagram (rf_train.h) on air: the payload of a frame to 0.0.0.0:0, valid only during the call.
 * 0, or PUDP_ERR_SEND when the radio cannot take it (rf_output_esp32.c on the ESP32).
 */
int pudp_platform_radio(const uint8_t *datagram, unsigned len);
