// The ESP32 side of pager_udp's platform shim. Built only inside devicescript-esp32's main/ component
// (build.sh copies it there); everything here runs on the DeviceScript main task.
#ifdef ESP_PLATFORM
#include "jdesp.h"
#include "http_bridge.h"
#include "mdns.h"
#include "pager_udp.h"
#include "sdkconfig.h"

// The receive path holds a burst of PUDP_QUEUE_LEN datagrams in lwIP too (pager_udp.h, sdkconfig.pager), and the
// WiFi driver has a dynamic RX buffer for each datagram waiting there (0 = unlimited).
_Static_assert(CONFIG_LWIP_UDP_RECVMBOX_SIZE >= PUDP_QUEUE_LEN, "lwIP's UDP mailbox: see sdkconfig.pager");
_Static_assert(CONFIG_ESP32_WIFI_DYNAMIC_RX_BUFFER_NUM == 0 || CONFIG_ESP32_WIFI_DYNAMIC_RX_BUFFER_NUM > PUDP_QUEUE_LEN,
               "WiFi RX buffers for a burst");
#ifndef CONFIG_LWIP_NETBUF_RECVINFO
#error "IP_PKTINFO is needed to tell CoAP group requests apart: see sdkconfig.pager"
#endif

_Static_assert(PUDP_EV_OPEN == JD_CONN_EV_OPEN, "event numbers follow jd_network.h");
_Static_assert(PUDP_EV_CLOSE == JD_CONN_EV_CLOSE, "event numbers follow jd_network.h");
_Static_assert(PUDP_EV_ERROR == JD_CONN_EV_ERROR, "event numbers follow jd_network.h");
_Static_assert(PUDP_EV_MESSAGE == JD_CONN_EV_MESSAGE, "event numbers follow jd_network.h");

void jdesp_wake_main(void); // main/main.c

void pudp_platform_emit(unsigned event, const void *data, unsigned size) {
    // The web page relays to the CoAP endpoint, so it starts with it (once).
    if (event == PUDP_EV_OPEN)
        http_bridge_start();
    // runtime/devicescript/network/websock_conn.c: hands it to impl_socket.c's _socketOnEvent bridge
    jd_tcpsock_on_event(event, data, size);
}

void pudp_platform_wake(void) {
    jdesp_wake_main();
}

void pudp_platform_log(const char *line) {
    DMESG("UDP: %s", line);
}

// mDNS (the mdns component, boards/esp32/idf-components.txt): <name>.local, a _coap._udp service at the bound
// port and _http._tcp for the page (http_bridge.h), so clients find the base by name. Started once; a later open (a
// VM restart) renames it.
void pudp_platform_announce(const char *name, int port) {
    static bool started;
    esp_err_t err = ESP_OK;
    if (!started) {
        err = mdns_init();
        if (err == ESP_OK)
            err = mdns_hostname_set(name);
        if (err == ESP_OK)
            err = mdns_instance_name_set(name);
        if (err == ESP_OK)
            err = mdns_service_add(NULL, "_coap", "_udp", (uint16_t)port, NULL, 0);
        if (err == ESP_OK)
            err = mdns_service_add(NULL, "_http", "_tcp", HTTP_BRIDGE_PORT, NULL, 0);
        started = err == ESP_OK;
    } else {
        err = mdns_hostname_set(name);
        if (err == ESP_OK)
            err = mdns_service_port_set("_coap", "_udp", (uint16_t)port);
    }
    if (err == ESP_OK)
        DMESG("UDP: mdns %s.local, _coap._udp port %d, _http._tcp port %d", name, port, HTTP_BRIDGE_PORT);
    else
        DMESG("UDP: mdns %s.local failed: %s", name, esp_err_to_name(err));
}
#endif
