import * as ds from "@devicescript/core"
import { SetupTeardownNode, SuiteNode, root } from "@devicescript/test/src/core"
// Entry for the device tests: every suite registers itself on import.
import "./coap-parse.test"
import "./coap-serialize.test"
import "./coap-options.test"
import "./coap-linkformat.test"
import "./coap-robustness.test"
import "./coap-rate-limit.test"
import "./net-receive-queue.test"
import "./sessions-isotime.test"
import "./api-render.test"
import "./api-blocks.test"
import "./sessions-statistics.test"
import "./sessions-store.test"
import "./sessions-persist.test"
import "./sessions-flash.test"
import "./radio-pocsag.test"
import "./radio-raster.test"
import "./radio-queue.test"
import "./radio-pages.test"
import "./radio-transceivers.test"
import "./board-stock-runtime.test"
import "./clock-sntp.test"

// The runner awaits tests back to back in one fiber, and a synchronous test never yields: together the suites would
// pass the VM's 128K-opcode limit per slice. Every test therefore starts on a fresh slice.
function yieldBeforeEachTest(suite: SuiteNode) {
    suite.befores.unshift(
        new SetupTeardownNode(async () => {
            await ds.sleep(0)
        })
    )
    suite.children.forEach(yieldBeforeEachTest)
}
yieldBeforeEachTest(root)
