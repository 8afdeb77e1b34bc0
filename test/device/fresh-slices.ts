import * as ds from "@devicescript/core"
import { SetupTeardownNode, SuiteNode, root } from "@devicescript/test/src/core"

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

/** Call once every suite of an entry has registered itself. */
export function startEachTestOnAFreshSlice() {
    yieldBeforeEachTest(root)
}
