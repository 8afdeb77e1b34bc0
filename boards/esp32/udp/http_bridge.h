// The base's web server on the ESP32 (README "The page and HTTP"): esp_http_server on port 80 serving the page
// (http_page.c, gzipped) and relaying every other path to the firmware's CoAP endpoint (coap_exchange.c).
#pragma once

#define HTTP_BRIDGE_PORT 80
/** The firmware's CoAP port on the device, which the bridge asks over loopback. */
#define HTTP_BRIDGE_COAP_PORT 5683

/** Starts the server once (later calls do nothing). Called when the firmware's UDP endpoint opens. */
void http_bridge_start(void);
