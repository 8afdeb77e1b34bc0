import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { pins } from "@dsboard/pager_base"

// The base's pins the VM drives come from the board file (boards/pager_base.board.json), compiled into the device's
// configuration by `devs flash esp32 --board pager_base`; nothing else in the firmware names a GPIO. The radio's
// pins (RADIO_DATA, SPI_SCK, RADIO_EN, RADIO_CS, SPI_MISO) are the ESP32 extension's, which reads them from the
// same configuration (boards/esp32/udp/rf_output_esp32.c).

export interface BasePins {
    /** Status LED (blink codes, src/board/status-led.ts); null when the board has none. */
    led: ds.OutputPin | null
    /** Push button to ground (the DevKitC's BOOT button), the factory reset; null when the board has none. */
    resetButton: ds.InputPin | null
}

/** The hardware's pins, or null in the simulator (it has no pins). */
export function basePins(): BasePins {
    if (ds.isSimulator()) return null
    return { led: pins.LED || null, resetButton: pins.BUTTON || null }
}
