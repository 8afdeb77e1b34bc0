// The ESP32's radio: each virtual RF datagram the VM sends to 0.0.0.0:0 (rf_train.h) goes on air through the SPI
// controller (rf_output.h says how). The VM's fiber hands the datagram over (pudp_platform_radio, on the
// DeviceScript main task) and stays "on air" for the train's airtime; this file's task transmits it. Nothing here
// has run on a board yet.
#ifdef ESP_PLATFORM
#include <stdlib.h>
#include <string.h>

#include "driver/gpio.h"
#include "driver/spi_master.h"
#include "esp_heap_caps.h"
#include "esp_log.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"
#include "freertos/task.h"
#include "jd_dcfg.h"
#include "pager_udp.h"
#include "rf_output.h"
#include "sdkconfig.h"

static const char *TAG = "radio";

// Datagrams waiting for the air: the VM sends the next one only after the airtime of the last, so one waits at most.
#define WAITING 2

typedef struct {
    int data, sck, enable, select, miso;
    spi_device_handle_t device; // at `hz`
    uint32_t hz;
} radio_t;

static radio_t radio;
static rf_bus_t bus;
static QueueHandle_t waiting;

static int pin(const char *key) {
    uint8_t p = dcfg_get_pin(key);
    return p == 0xff ? -1 : p; // NO_PIN (jd_pins.h): the board file does not name it
}

static void set_select(void *ctx, int level) {
    gpio_set_level((gpio_num_t)((radio_t *)ctx)->select, level);
}

static void set_enable(void *ctx, int level) {
    gpio_set_level((gpio_num_t)((radio_t *)ctx)->enable, level);
}

// One transaction at `hz`: the device is added again when the clock changes (registers at 1 MHz, chips at theirs).
static int spi_write(void *ctx, uint32_t hz, const uint8_t *bytes, uint32_t len) {
    radio_t *r = ctx;
    if (r->device && r->hz != hz) {
        spi_bus_remove_device(r->device);
        r->device = NULL;
    }
    if (!r->device) {
        spi_device_interface_config_t dev = {.clock_speed_hz = (int)hz, .spics_io_num = -1, .queue_size = 1};
        esp_err_t err = spi_bus_add_device(SPI2_HOST, &dev, &r->device);
        if (err != ESP_OK) {
            ESP_LOGE(TAG, "SPI at %lu Hz: %s", (unsigned long)hz, esp_err_to_name(err));
            r->device = NULL;
            return -1;
        }
        r->hz = hz;
    }
    spi_transaction_t t = {.length = len * 8, .tx_buffer = bytes};
    return spi_device_polling_transmit(r->device, &t) == ESP_OK ? 0 : -1;
}

static void sleep_ms(void *ctx, uint32_t ms) {
    (void)ctx;
    if (ms)
        vTaskDelay((ms + portTICK_PERIOD_MS - 1) / portTICK_PERIOD_MS);
}

static int64_t now_us(void *ctx) {
    (void)ctx;
    return esp_timer_get_time();
}

static void radio_task(void *arg) {
    (void)arg;
    static char why[128];
    for (;;) {
        uint8_t *datagram = NULL;
        unsigned len = 0;
        xQueueReceive(waiting, &datagram, portMAX_DELAY);
        memcpy(&len, datagram, sizeof len);
        rf_train_t train;
        if (rf_train_parse(datagram + sizeof len, len, &train) != 0)
            ESP_LOGE(TAG, "not a virtual RF datagram of version %d", RF_VERSION);
        else if (rf_output_transmit(&bus, &train, why, sizeof why) != 0)
            ESP_LOGE(TAG, "transmission failed: %s", why);
        free(datagram);
    }
}

// The bus and the task, once; false when the board has no radio.
static bool start(void) {
    static int state; // 0 not tried, 1 running, -1 no radio
    if (state)
        return state > 0;
    state = -1;
    radio = (radio_t){pin("pins.RADIO_DATA"), pin("pins.SPI_SCK"), pin("pins.RADIO_EN"), pin("pins.RADIO_CS"),
                      pin("pins.SPI_MISO"), NULL, 0};
    if (radio.data < 0 || radio.sck < 0) {
        ESP_LOGW(TAG, "the board defines no RADIO_DATA/SPI_SCK pins: nothing goes on air");
        return false;
    }
    spi_bus_config_t config = {.mosi_io_num = radio.data,
                               .miso_io_num = radio.miso,
                               .sclk_io_num = radio.sck,
                               .quadwp_io_num = -1,
                               .quadhd_io_num = -1,
                               .max_transfer_sz = RF_SPI_MAX_TRANSFER_BYTES};
    esp_err_t err = spi_bus_initialize(SPI2_HOST, &config, SPI_DMA_CH_AUTO);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "SPI bus: %s", esp_err_to_name(err));
        return false;
    }
    // The board file's start levels (sPin) set these already; the directions are this file's.
    if (radio.enable >= 0) {
        gpio_set_direction((gpio_num_t)radio.enable, GPIO_MODE_OUTPUT);
        gpio_set_level((gpio_num_t)radio.enable, 0);
    }
    if (radio.select >= 0) {
        gpio_set_direction((gpio_num_t)radio.select, GPIO_MODE_OUTPUT);
        gpio_set_level((gpio_num_t)radio.select, 1);
    }
    bus = (rf_bus_t){.ctx = &radio,
#if CONFIG_IDF_TARGET_ESP32
                     .min_clock_hz = RF_ESP32_MIN_SPI_HZ,
#else
                     .min_clock_hz = RF_ESP32C3_MIN_SPI_HZ,
#endif
                     .has_select = radio.select >= 0,
                     .has_enable = radio.enable >= 0,
                     .set_select = set_select,
                     .set_enable = set_enable,
                     .write = spi_write,
                     .sleep_ms = sleep_ms,
                     .now_us = now_us,
                     .scratch = heap_caps_malloc(RF_SPI_MAX_TRANSFER_BYTES, MALLOC_CAP_DMA)};
    waiting = xQueueCreate(WAITING, sizeof(uint8_t *));
    if (!bus.scratch || !waiting || xTaskCreate(radio_task, "radio", 4096, NULL, 5, NULL) != pdPASS) {
        ESP_LOGE(TAG, "cannot start the radio task");
        return false;
    }
    state = 1;
    return true;
}

int pudp_platform_radio(const uint8_t *datagram, unsigned len) {
    if (!start())
        return PUDP_ERR_SEND;
    // A copy with its length in front: the frame is the VM's, and only valid during the call.
    uint8_t *copy = malloc(sizeof len + len);
    if (!copy)
        return PUDP_ERR_SEND;
    memcpy(copy, &len, sizeof len);
    memcpy(copy + sizeof len, datagram, len);
    if (xQueueSend(waiting, &copy, 0) != pdTRUE) {
        ESP_LOGE(TAG, "a transmission is dropped: the radio is still busy with two");
        free(copy);
        return PUDP_ERR_SEND;
    }
    return 0;
}
#endif
