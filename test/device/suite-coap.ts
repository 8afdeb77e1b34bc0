// Device tests, first entry: the CoAP stack, the network queue and the API's rendering. The device tests are three
// images (suite-base.ts, suite-sessions.ts) because fewer would pass the bytecode format's 64 KB limit on function
// code: each image holds the firmware's modules its tests import, and the tests.
import "./coap-parse.test"
import "./coap-serialize.test"
import "./coap-options.test"
import "./coap-linkformat.test"
import "./coap-robustness.test"
import "./coap-rate-limit.test"
import "./coap-commit.test"
import "./coap-block2-snapshot.test"
import "./net-peer.test"
import "./net-receive-queue.test"
import "./api-render.test"
import "./api-blocks.test"
import "./json-quote.test"
import "./json-escapes.test"
import "./text-utf8.test"
import { startEachTestOnAFreshSlice } from "./fresh-slices"

startEachTestOnAFreshSlice()
