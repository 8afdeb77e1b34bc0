import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { pins } from "@dsboard/pager_base"

// The base's pins come from the board file (boards/pager_base.board.json), compiled into the device's
// configuration by `devs flash esp32 --board pager_base`; nothing else in the firmware names a GPIO.
// The board schema has no SPI section, so the SPI pins are plain entries of its "pins" map.

export interface BasePins {
    /** SPI MOSI: the radio's DATA input (OOK module DATA, CC1101 GDO0, SX127x DIO2). */
    radioData: ds.OutputPin
    /** SPI clock: needed by the SPI peripheral; only a transceiver's SCK uses it. */
    spiSck: ds.OutputPin
    /** High while transmitting (module power switch or RF switch); null when the board has none. */
    radioEnable: ds.OutputPin | null
    /** Status LED (blink codes, src/board/status-led.ts); null when the board has none. */
    led: ds.OutputPin | null
    /** Push button to ground (the DevKitC's BOOT button), the factory reset; null when the board has none. */
    resetButton: ds.InputPin | null
    /** Transceivers only (CC1101, SX1278): chip select and MISO of their register setup over SPI. */
    radioSelect: ds.OutputPin | null
    spiMiso: ds.InputPin | null
}

/**
 * The hardware's pins, or null when there are none: always in the simulator (it has no pins and no
 * SPI), and on a device flashed with a board file that lacks RADIO_DATA or SPI_SCK.
 */
export function basePins(): BasePins {
    if (ds.isSimulator()) return null
    const radioData = pins.RADIO_DATA
    const spiSck = pins.SPI_SCK
    if (!radioData || !spiSck) return null
    return {
        radioData,
        spiSck,
        radioEnable: pins.RADIO_EN || null,
        led: pins.LED || null,
        resetButton: pins.BUTTON || null,
        radioSelect: pins.RADIO_CS || null,
        spiMiso: pins.SPI_MISO || null,
    }
}
