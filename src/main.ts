import * as ds from "@devicescript/core"
import { DatagramEndpoint } from "./net/endpoint"
import { Asked } from "./net/peer"
import { CoapServer } from "./coap/server"
import { wellKnownResource } from "./coap/well-known"
import { Clock } from "./clock/clock"
import { SntpClient } from "./clock/sntp-client"
import { SntpSettings } from "./clock/sntp-settings"
import { SessionStore } from "./sessions/store"
import { DEFAULT_CAPACITY, RADIO_QUEUE, UDP_RETRY_MS } from "./limits"
import { clearDue } from "./sessions/statistics"
import { BaseSettings } from "./settings/base-settings"
import { Persistence } from "./settings/small-setting"
import { loadCommitBits, settingChanges } from "./settings/atomic-commit"
import { RadioModuleSetting } from "./settings/radio-module"
import { ApiContext } from "./api/context"
import { sessionsResource } from "./api/sessions"
import { historyResource } from "./api/history"
import { statisticsResource } from "./api/statistics"
import { settingsResource } from "./api/settings"
import { pageResource } from "./api/page"
import { notifyResource } from "./api/notify"
import { radioPager } from "./api/radio-pager"
import { statusResource } from "./api/status"
import { quoteResource } from "./api/quote"
import { Access } from "./api/access"
import { loginResource } from "./api/login"
import { DEFAULT_PROTOCOL, Transmitter, VirtualRfOutput } from "./radio/index"
import { RADIO_MODULES } from "./radio/transceivers/index"
import { basePins } from "./board/pins"
import { LED_NO_UDP, LED_SERVING, StatusLed, openFailureCode } from "./board/status-led"
import { SAMPLE_MS, buttonReset } from "./board/factory-reset"
import { ipv4Peer } from "./net/peer"
import { readSetting } from "@devicescript/settings"
import { DEFAULT_DEVICE_NAME, deviceNameOf } from "./settings/device-name"

// Wires the base together from its settings: store, clock and its SNTP source, radio, CoAP server on the UDP
// endpoint.

/** The runner in the simulator maps it onto its --bind/--port (docs/udp-contract.md). */
const COAP_PORT = 5683
/**
 * The radio: the simulator's runner routes datagrams for this peer to its --rf-monitor address, the ESP32's
 * extension puts them on air (docs/udp-contract.md "Virtual RF").
 */
const VIRTUAL_RF_PEER = ipv4Peer("0.0.0.0", 0)

const deviceName = deviceNameOf(await readSetting("DEVICE_NAME", DEFAULT_DEVICE_NAME))
console.log("base: " + deviceName)
loadCommitBits()
const settings = new BaseSettings(
    {
        systemId: 0,
        defaultTargetGoal: 300,
        statisticsClearMark: 24,
        sessionCapacity: DEFAULT_CAPACITY,
        notifyPingSeconds: 30,
        radioProtocol: DEFAULT_PROTOCOL,
        radioRepeats: 1,
        radioCarrierHz: 0,
    },
    true
)
settings.load()
const radioModule = new RadioModuleSetting(Persistence.Settings)
radioModule.load()
const clock = new Clock(true)
const store = new SessionStore(settings.values.sessionCapacity, Persistence.Settings)
store.load()
// What load() took over from an older layout is rewritten now, before anything is served.
store.flush()
clock.notBefore(store.latestTime())
const endpoint = new DatagramEndpoint()
const server = new CoapServer(
    frame => {
        endpoint.send(frame)
    },
    () => {
        store.flush()
    },
    // A commit failed: sessions and settings again as flash holds them (docs/storage.md "A write the store refuses").
    () => {
        store.revert()
        settings.load()
        radioModule.load()
        sntpSettings.load()
        access.load()
    },
    () => store.sequence + settingChanges()
)
// In the simulator the runner answers SNTP at 0.0.0.0 with the host's time (docs/udp-contract.md); ESP32: off.
const sntpSettings = new SntpSettings(Persistence.Settings, ds.isSimulator() ? "0.0.0.0" : "")
sntpSettings.load()
const sntp = new SntpClient(clock, sntpSettings, (peer, request) => {
    endpoint.send(Buffer.concat(peer, request))
})
const pins = basePins()
const led = new StatusLed(pins ? pins.led : null)

const access = new Access()
server.gate = access
server.rendering = () => store.labelReads > 0
// The factory reset watches the board's button (pulled up, low when pressed) for a few seconds from the start.
const button = pins ? pins.resetButton : null
if (button) {
    button.setMode(ds.GPIOMode.InputPullUp)
    buttonReset.start(
        () => button.value === 0,
        access,
        led,
        SAMPLE_MS,
        // A commit of its own, with no request's answer waiting (README "Security": when one is under way, the next).
        () => server.commits.start(true)
    )
}
const transmitter = new Transmitter(
    new VirtualRfOutput(
        VIRTUAL_RF_PEER,
        frame => {
            endpoint.send(frame)
        },
        () => RADIO_MODULES.indexOf(radioModule.value)
    ),
    RADIO_QUEUE
)
const ctx: ApiContext = {
    store,
    clock,
    settings,
    sntp,
    pager: radioPager(transmitter, settings),
    radioModule,
    access,
    deviceName,
    firmwareVersion: ds._dcfgString("@version") || "dev",
}
const resources = [
    sessionsResource(ctx),
    historyResource(ctx),
    statisticsResource(ctx),
    settingsResource(ctx),
    pageResource(ctx),
    notifyResource(ctx),
    statusResource(ctx, server, transmitter),
    quoteResource(ctx),
    loginResource(ctx),
]
for (const r of resources) server.add(r)
server.add(wellKnownResource(resources))

// The daily statistics clear at settings.statisticsClearMark, once the clock knows the time of day; and a clock
// checkpoint so time survives a reboot.
let watchingSince = 0
setInterval(() => {
    clock.checkpoint()
    if (!clock.isSet()) return
    const now = clock.now()
    // Comparisons with 0, not truthiness: the VM reads a number beyond 2^31 (times after 2038) as falsy.
    if (watchingSince === 0) watchingSince = now
    const since = store.statistics.lastClear !== 0 ? store.statistics.lastClear : watchingSince
    // Not while a failed commit's changes are undone (the store is being read again from flash), nor while a render
    // reads a label (it must find the statistics it began with). A commit of its own
    // writes it; when one is under way, the next (a restart before then clears again: flash's lastClear is due).
    if (!server.commits.reverting && !store.labelReads && clearDue(since, now, settings.values.statisticsClearMark)) {
        store.resetStatistics(now)
        server.commits.start(true)
    }
}, 60000)

// Observers: retransmissions and changes made outside a request (the daily clear) four times a second; the
// T7470 ping every notifyPingSeconds.
let ticksSincePing = 0
setInterval(async () => {
    server.tick()
    if (++ticksSincePing >= 4 * settings.values.notifyPingSeconds) {
        ticksSincePing = 0
        server.notifications.ping()
    }
    await server.notifications.notifyObservers()
}, 250)

async function serve() {
    for (;;) {
        try {
            // The SNTP server's replies go to the SNTP client while it waits for one; all else is CoAP.
            // "#name": the ESP32 extension announces it over mDNS
            await endpoint.open(
                "0.0.0.0#" + deviceName,
                COAP_PORT,
                async (frame, offset, urgent) => {
                    if (!sntp.take(frame, offset)) await server.handleDatagram(frame, offset, urgent)
                },
                async () => await server.commits.settle(),
                // A page on a session holds its answer for a commit: urgent while there is room for it.
                asked => asked === Asked.Page || (asked === Asked.PageOnSession && server.commits.roomForUrgent())
            )
            console.log("coap: serving on udp port " + COAP_PORT)
            led.show(LED_SERVING)
            return
        } catch (e) {
            // A stock DeviceScript runtime has no UDP: say so plainly, blink it, and keep trying.
            const message = (e as Error).message
            const code = openFailureCode(message)
            console.log("coap: cannot open udp port " + COAP_PORT + " (" + message + "), LED code " + code)
            if (code === LED_NO_UDP)
                console.log("coap: this firmware needs the UDP-capable runtime, see README 'ESP32'")
            led.show(code)
            await ds.sleep(UDP_RETRY_MS)
        }
    }
}
await serve()
// SNTP, when a server is set, through the open endpoint: now, then hourly.
await sntp.run()
