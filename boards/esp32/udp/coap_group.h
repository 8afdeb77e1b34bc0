// CoAP group communication on the extension's socket (RFC 7252 section 8; README "Finding the base"): the base
// also receives what is sent to All-CoAP-Nodes, 224.0.1.187, at its port. The rules for those requests are applied
// here, in the board layer, so the firmware treats them like any other:
//   - only Non-confirmable requests from the group reach the VM (8.1: a multicast request is NON; anything else is
//     ignored, never answered with a Reset);
//   - the VM's reply to such a request is not sent when it is an error (4.xx, 5.xx) or a Reset (8.2).
// The same rules as the simulator's (boards/sim/coap-multicast.js); unlike it, replies are sent at once here (no
// Leisure: the ESP32 has no timer in this layer).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define COAP_GROUP_ADDR "224.0.1.187"
// Group requests whose reply is still to come; the oldest is forgotten first.
#ifndef COAP_GROUP_PENDING
#define COAP_GROUP_PENDING 8
#endif

/** A datagram from `peer` (the contract's peer header) came to the group: true when the VM may see it. */
bool coap_group_accept(const uint8_t *peer, const uint8_t *msg, unsigned len);

/** True when the reply `frame` (peer header + CoAP message) answers a group request and must not be sent. */
bool coap_group_silence(const uint8_t *frame, unsigned size);

/** Forgets every pending group request (the socket closed). */
void coap_group_reset(void);
