// Pages first (docs/udp-contract.md, "Pages first"): the extension marks what a received datagram asks for in the
// top two bits of its peer header's first byte, and hands a page to the VM ahead of the other datagrams waiting,
// never ahead of an earlier datagram from the same peer. The same rule as the simulator's
// (boards/sim/page-first.js); test/host/page-asked-cases.js holds both to the same cases.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define PAGE_ASKS_NOTHING 0
#define PAGE_ASKS_PAGE 1            // POST /v1/page
#define PAGE_ASKS_PAGE_ON_SESSION 2 // the page action, or a session created with it
#define PAGE_ASKED_SHIFT 6
#define PAGE_ADDRESS_LENGTH_MASK 0x3f

/**
 * What the CoAP message `msg` asks for, from its bytes (no parse): a POST or PUT holding the Uri-Path segment
 * "page" asks for a page, one holding the JSON string "page" ({"action":"page"}) a page on a session. A false
 * positive (a label "page") only gains precedence.
 */
unsigned page_asked(const uint8_t *msg, unsigned len);

/** Whether two frames come from the same peer (their headers, the asked bits aside). */
bool page_same_peer(const uint8_t *a, const uint8_t *b);
