import * as ds from "@devicescript/core"
import { describe, test, expect } from "@devicescript/test"
import { Access, parseClients } from "../../src/api/access"
import { HOLD, START, buttonReset } from "../../src/board/factory-reset"
import { StatusLed } from "../../src/board/status-led"
import { CODE_CHANGED, CODE_POST, CODE_UNAUTHORIZED, OPT_ACCESS_TOKEN } from "../../src/coap/constants"
import { ApiContext } from "../../src/api/context"
import { radioPager } from "../../src/api/radio-pager"
import { settingsResource } from "../../src/api/settings"
import { SntpClient } from "../../src/clock/sntp-client"
import { SntpSettings } from "../../src/clock/sntp-settings"
import { DEFAULT_PROTOCOL, Transmitter, VirtualRfOutput } from "../../src/radio/index"
import { Clock } from "../../src/clock/clock"
import { SessionStore } from "../../src/sessions/store"
import { BaseSettings } from "../../src/settings/base-settings"
import { RadioModuleSetting } from "../../src/settings/radio-module"
import { Persistence, readBinarySetting, readSmallSetting } from "../../src/settings/small-setting"
import { Copy, beginCommit, endCommit, keyOf } from "../../src/settings/atomic-commit"
import { writeJson } from "./stored-keys"

// The factory reset by the board's button (README "Security"), driven with an injected button and 1 ms samples: the
// same function the firmware starts on the ESP32 with the BOOT pin and 100 ms samples.

const T = 1521114920
const TOKEN = "00112233445566778899aabbccddeeff"
const STRANGER = Buffer.from([4, 192, 168, 1, 50, 0x16, 0x33])
const TRUSTED = Buffer.from([4, 10, 1, 2, 3, 0x16, 0x33])
const withToken: any = { code: CODE_POST, options: [{ num: OPT_ACCESS_TOKEN, value: Buffer.from(TOKEN, "hex") }] }
const claim: any = { code: CODE_POST, options: [] }

/** A button pressed at samples from `from` on, for `count` samples; `reads` counts the samples taken. */
class FakeButton {
    reads = 0
    litWhilePressed = 0
    constructor(
        private from: number,
        private count: number,
        private led: StatusLed
    ) {}
    pressed(): boolean {
        // The LED shows the previous sample: lit after a pressed one.
        if (this.led.held) this.litWhilePressed++
        const n = this.reads++
        return n >= this.from && n < this.from + this.count
    }
}

/** A base locked with "old secret", a trusted subnet, reads for trusted clients only and a login's token. */
function lockedBase(): Access {
    const a = new Access()
    a.change("old secret", parseClients(["10.0.0.0/8"]), true)
    commit()
    a.tokens = [TOKEN, 1e12]
    return a
}

/** The commit that follows a change, as the server's group commit makes it. */
function commit() {
    beginCommit(0)
    endCommit()
}

/** The access value as flash holds it, in hex. */
function storedAccess(): string {
    return readBinarySetting(keyOf(Copy.Access, "access", 0)).toString("hex")
}

/** What the settings resource works on, as src/main.ts wires it, with nothing persisted but `access`. */
function context(store: SessionStore, access: Access): ApiContext {
    const settings = new BaseSettings(
        {
            systemId: 0,
            defaultTargetGoal: 300,
            statisticsClearMark: 24,
            sessionCapacity: 2,
            notifyPingSeconds: 30,
            radioProtocol: DEFAULT_PROTOCOL,
            radioRepeats: 1,
            radioCarrierHz: 0,
        },
        false
    )
    const clock = new Clock(false)
    return {
        store,
        clock,
        settings,
        sntp: new SntpClient(clock, new SntpSettings(Persistence.RamOnly, ""), () => {}),
        pager: radioPager(
            new Transmitter(
                new VirtualRfOutput(
                    Buffer.alloc(0),
                    () => {},
                    () => 0
                ),
                1
            ),
            settings
        ),
        radioModule: new RadioModuleSetting(Persistence.RamOnly),
        access,
        deviceName: "pagerbase",
        firmwareVersion: "test",
    }
}

/**
 * POST /v1/settings {"accessSecret": secret} from `peer`, as the CoAP server handles it: the access gate, then the
 * resource. The reply's code.
 */
function postSecret(ctx: ApiContext, peer: Buffer, secret: string): number {
    const resource = settingsResource(ctx)
    const refused = ctx.access.gate(peer, claim, resource)
    if (refused) return refused.code
    const payload = Buffer.from(JSON.stringify({ accessSecret: secret }))
    const code = resource.handle({ msg: claim, method: CODE_POST, peer, payload, at: 0 }).code
    if (code === CODE_CHANGED) commit()
    return code
}

async function run(button: FakeButton, access: Access, led: StatusLed): Promise<boolean> {
    return await buttonReset(() => button.pressed(), access, led, 1, commit)
}

describe("factory reset by the button", () => {
    test("held 5 s from within the window: the base is open, sessions and settings stay, a new secret claims it", async () => {
        const store = new SessionStore(2, Persistence.Settings)
        store.create(7, 1, 300, "Müller", T)
        store.flush()
        writeJson(keyOf(Copy.Base, "base", 0), { systemId: 4321 })
        const access = lockedBase()
        const ctx = context(store, access)
        expect(postSecret(ctx, STRANGER, "new secret")).toBe(CODE_UNAUTHORIZED)
        expect(postSecret(ctx, TRUSTED, "new secret")).toBe(CODE_UNAUTHORIZED)
        const led = new StatusLed(null)
        const button = new FakeButton(30, 1000, led)
        expect(await run(button, access, led)).toBe(true)
        expect(button.reads).toBe(30 + HOLD)
        expect(button.litWhilePressed).toBe(HOLD - 1)
        expect(led.held).toBe(false)
        // Open as a base never claimed (its stored value is Buffer.alloc(1)), in RAM and in flash.
        expect(access.stored.toString("hex")).toBe("00")
        expect(storedAccess()).toBe("00")
        expect(new Access().stored.toString("hex")).toBe("00")
        expect(access.hasToken(withToken)).toBe(false)
        expect(access.trusted(TRUSTED)).toBe(false)
        // Anyone may claim it again, as a new base.
        expect(postSecret(ctx, STRANGER, "new secret")).toBe(CODE_CHANGED)
        expect(access.check(STRANGER, "new secret")).toBe(null)
        expect(access.check(STRANGER, "old secret").code).toBe(CODE_UNAUTHORIZED)
        expect(new Access().stored[0] & 2).toBe(2)
        const after = new SessionStore(2, Persistence.Settings)
        after.load()
        const slot = after.findActive(7)
        expect(slot >= 0).toBe(true)
        expect(after.label(slot)).toBe("Müller")
        expect(after.uuid(slot)).toBe(store.uuid(store.findActive(7)))
        expect(readSmallSetting(keyOf(Copy.Base, "base", 0)).systemId).toBe(4321)
        access.change("", Buffer.alloc(0), false)
        commit()
    })
    test("started in a fiber of its own, as src/main.ts starts it, it resets while the caller goes on", async () => {
        const access = lockedBase()
        const led = new StatusLed(null)
        const button = new FakeButton(0, 1000, led)
        // The commit it asks for runs in the server's commit fiber in the base; here, in this test's, once asked.
        let asked = false
        buttonReset.start(
            () => button.pressed(),
            access,
            led,
            1,
            () => {
                asked = true
            }
        )
        const readsAtStart = button.reads
        for (let i = 0; i < 100 && !asked; ++i) await ds.sleep(10)
        expect(readsAtStart).toBe(0)
        expect(asked).toBe(true)
        expect(access.stored.toString("hex")).toBe("00")
        expect(button.reads).toBe(HOLD)
        commit()
        expect(storedAccess()).toBe("00")
    })
    test("released a sample early: nothing changes", async () => {
        const access = lockedBase()
        const before = storedAccess()
        const led = new StatusLed(null)
        const button = new FakeButton(0, HOLD - 1, led)
        expect(await run(button, access, led)).toBe(false)
        expect(led.held).toBe(false)
        expect(storedAccess()).toBe(before)
        expect(access.stored.toString("hex")).toBe(before)
        expect(access.hasToken(withToken)).toBe(true)
        expect(postSecret(context(null, access), STRANGER, "new secret")).toBe(CODE_UNAUTHORIZED)
        // The short press counts in the window: START samples outside a full hold, then it stops watching.
        expect(button.reads).toBe(START + 1)
        access.change("", Buffer.alloc(0), false)
        commit()
    })
    test("a hold that starts after the window, or no press at all, does nothing and stops", async () => {
        const access = lockedBase()
        const late = new FakeButton(START + 1, 1000, new StatusLed(null))
        expect(await run(late, access, new StatusLed(null))).toBe(false)
        expect(late.reads).toBe(START + 1)
        const never = new FakeButton(0, 0, new StatusLed(null))
        expect(await run(never, access, new StatusLed(null))).toBe(false)
        expect(never.reads).toBe(START + 1)
        expect(access.stored[0] & 2).toBe(2)
        expect(access.hasToken(withToken)).toBe(true)
        access.change("", Buffer.alloc(0), false)
        commit()
    })
})
