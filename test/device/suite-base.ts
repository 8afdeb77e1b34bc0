// Device tests, second entry: sessions and their persistence, the radio, the board and the clock (see
// suite-coap.ts for why there are two).
import "./api-access.test"
import "./clock-isotime.test"
import "./sessions-statistics.test"
import "./sessions-store.test"
import "./sessions-persist.test"
import "./sessions-flash.test"
import "./sessions-migrate.test"
import "./radio-pocsag.test"
import "./radio-raster.test"
import "./radio-queue.test"
import "./radio-pages.test"
import "./radio-transceivers.test"
import "./board-stock-runtime.test"
import "./board-factory-reset.test"
import "./clock-sntp.test"
import "./settings-device-name.test"
import { startEachTestOnAFreshSlice } from "./fresh-slices"

startEachTestOnAFreshSlice()
