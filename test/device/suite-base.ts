// Device tests, second entry: the radio, the board, the clock and the device name (see suite-coap.ts for why there
// are three).
import "./clock-isotime.test"
import "./radio-pocsag.test"
import "./radio-queue.test"
import "./radio-pages.test"
import "./radio-transceivers.test"
import "./board-stock-runtime.test"
import "./board-factory-reset.test"
import "./clock-sntp.test"
import "./settings-device-name.test"
import "./settings-reload.test"
import "./settings-commit.test"
import "./settings-reads.test"
import { startEachTestOnAFreshSlice } from "./fresh-slices"

startEachTestOnAFreshSlice()
