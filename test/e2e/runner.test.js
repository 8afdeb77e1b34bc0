'use strict'
// What the simulator runner does for a newcomer (docs/udp-contract.md, "The simulator runner's side"): the
// firmware logs the port it binds, the CoAP default 5683 (RFC 7252 §6.1), while the runner serves it on another,
// so the runner says once where that port really is; and the runner gives the base the host's time over SNTP
// unless told not to. The expected time is the test's own Date.now(), read as UTC (utcOffsetMinutes 0).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { startBase, request, isoSeconds, statusWhen } = require('./harness')

test(
    "the runner logs once where the firmware's udp port 5683 really is, and it serves there",
    { timeout: 60000 },
    async () => {
        const base = await startBase()
        try {
            assert.equal((await request(base.port, { pathname: '/v1/settings' })).code, '2.05')
            const mapping = base
                .log()
                .match(/^pagerbase: the firmware's udp port (\d+) is udp:\/\/127\.0\.0\.1:(\d+) here$/gm)
            assert.equal(mapping.length, 1, base.log())
            assert.equal(mapping[0], `pagerbase: the firmware's udp port 5683 is udp://127.0.0.1:${base.port} here`)
            assert.notEqual(base.port, 5683, 'the harness asks for any free port')
            assert.match(base.log(), /coap: serving on udp port 5683/)
        } finally {
            await base.stop()
        }
    }
)

test(
    'by default the simulated base follows the host clock over SNTP (the runner answers 0.0.0.0:123)',
    { timeout: 60000 },
    async () => {
        const base = await startBase({ hostTime: true })
        try {
            const synced = await statusWhen(base.port, s => s.status.clock.source === 'sntp')
            const hostNow = Date.now() / 1000
            assert.ok(
                Math.abs(isoSeconds(synced.timestamp) - hostNow) <= 2,
                `${synced.timestamp} vs ${new Date().toISOString()}`
            )
            assert.equal(synced.status.clock.sntpServer, '0.0.0.0')
            assert.equal(synced.status.clock.lastError, null)
            const settings = (await request(base.port, { pathname: '/v1/settings' })).json.settings
            assert.ok(Math.abs(isoSeconds(settings.datetime) - Date.now() / 1000) <= 2, settings.datetime)
            assert.match(base.log(), /sntp: 0\.0\.0\.0:123: clock set to \d{4}-/)
        } finally {
            await base.stop()
        }
    }
)

test(
    'with --host-time off nothing answers it: a new base stays at 2000-01-01, its clock not set',
    { timeout: 60000 },
    async () => {
        const base = await startBase({ hostTime: false })
        try {
            // The firmware's request times out after 3 s (README "Clock and SNTP"); wait for that verdict.
            const status = await statusWhen(base.port, s => s.status.clock.lastError !== null, 10000)
            assert.equal(status.status.clock.source, 'resumed')
            assert.equal(status.status.clock.lastError, 'no answer')
            assert.ok(status.timestamp.startsWith('2000-01-01T00:00:'), status.timestamp)
        } finally {
            await base.stop()
        }
    }
)
