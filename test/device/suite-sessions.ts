// Device tests, third entry: sessions, their persistence and access control (see suite-coap.ts for why there are
// three).
import "./api-access.test"
import "./sessions-statistics.test"
import "./sessions-store.test"
import "./sessions-persist.test"
import "./sessions-flash.test"
import "./sessions-labels.test"
import "./sessions-migrate.test"
import "./sessions-uuid.test"
import { startEachTestOnAFreshSlice } from "./fresh-slices"

startEachTestOnAFreshSlice()
