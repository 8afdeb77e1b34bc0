'use strict'
// The page in a real browser: Debian's headless Chromium driven by playwright-core against the firmware in the
// simulator. What a host does in an evening: set the clock from the tablet, add guests, page one (decoded from
// virtual RF by rtl_433), clear one, see a change made by node-coap, reload, mistype a pager number, change a
// setting, lose the connection and get it back.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const dgram = require('node:dgram')
const fs = require('node:fs')
const { chromium } = require('playwright-core')
const { startBase, request } = require('../e2e/harness')
const { decodeVirtualRf } = require('../../boards/sim/rf/decode')
const { t112 } = require('../radio/expectations')

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
let base
let monitor
let browser
let page
const captured = []

before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (Debian package chromium; or set CHROMIUM_PATH)`)
    monitor = dgram.createSocket('udp4')
    monitor.on('message', msg => captured.push(msg))
    await new Promise(r => monitor.bind(0, '127.0.0.1', r))
    base = await startBase({ rfMonitor: `127.0.0.1:${monitor.address().port}` })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    page = await browser.newPage({ viewport: { width: 800, height: 1280 } }) // a 10" tablet, portrait
    await page.goto(base.httpUrl)
})
after(async () => {
    if (browser) await browser.close()
    if (base) await base.stop()
    if (monitor) monitor.close()
})

const rows = () =>
    page.$$eval('#list tr', trs =>
        trs.map(tr => ({
            number: Number(tr.dataset.number),
            label: tr.cells[1].textContent,
            state: tr.className.trim(),
            buttons: Array.from(tr.querySelectorAll('button'), b => b.textContent),
        }))
    )

async function addGuest(number, label, party) {
    await page.fill('#add [name=number]', String(number))
    await page.fill('#add [name=label]', label)
    await page.fill('#add [name=partySize]', String(party))
    await page.click('#add button[type=submit]')
}

test('an unset clock is offered to be set from the tablet; the base then has it', async () => {
    await page.waitForSelector('#clock:not([hidden])', { timeout: 5000 })
    await page.click('#setClock')
    await page.waitForSelector('#clock[hidden]', { state: 'attached', timeout: 5000 })
    const status = (await request(base.port, { pathname: '/v1/status' })).json.status
    assert.equal(status.clockSet, true)
    const tablet = await page.evaluate(() => Date.now() - new Date().getTimezoneOffset() * 60000)
    const baseTime = Date.parse((await request(base.port, { pathname: '/v1/settings' })).json.settings.datetime + 'Z')
    assert.ok(Math.abs(baseTime - tablet) < 5000, `base ${baseTime} vs tablet local ${tablet}`)
})

test('three guests added in the form are on the base and in the list', async () => {
    await addGuest(21, 'Nakamura', 2)
    await page.waitForSelector('#list tr[data-number="21"]')
    await addGuest(22, 'Okafor', 4)
    await page.waitForSelector('#list tr[data-number="22"]')
    await addGuest(23, 'Lindqvist', 3)
    await page.waitForSelector('#list tr[data-number="23"]')
    const list = (await request(base.port, { pathname: '/v1/sessions' })).json.sessions
    assert.deepEqual(
        list.map(s => [s.number, s.label, s.partySize]),
        [
            [21, 'Nakamura', 2],
            [22, 'Okafor', 4],
            [23, 'Lindqvist', 3],
        ]
    )
    assert.deepEqual(
        (await rows()).map(r => r.label),
        ['Nakamura', 'Okafor', 'Lindqvist']
    )
})

test('Page transmits to that pager (rtl_433 decodes it) and the row becomes paged with Re-page', async () => {
    const from = captured.length
    await page.click('#list tr[data-number="22"] button[data-action=page]')
    const deadline = Date.now() + 15000
    while (captured.length === from && Date.now() < deadline) await new Promise(r => setTimeout(r, 50))
    assert.equal(captured.length, from + 1, 'one transmission')
    const got = await decodeVirtualRf(captured[from])
    assert.equal(got.protocol, 'retekess-t112')
    const want = t112(0, 22)
    assert.equal(got.decoded[0].pager, want.pager)
    assert.equal(got.decoded[0].system, want.system)
    assert.equal(got.decoded[0].code, want.code)
    await page.waitForSelector('#list tr[data-number="22"].paged')
    assert.deepEqual((await rows()).find(r => r.number === 22).buttons, ['Re-page', 'Clear', 'Remove'])
})

test('Clear sends the guest to the history', async () => {
    await page.click('#list tr[data-number="21"] button[data-action=clear]')
    await page.waitForSelector('#list tr[data-number="21"]', { state: 'detached', timeout: 5000 })
    const history = (await request(base.port, { pathname: '/v1/sessions/history' })).json.session_history
    assert.deepEqual(
        history.map(s => [s.number, s.clearType]),
        [[21, 'STOP']]
    )
    await page.click('nav button[data-view=history]')
    await page.waitForFunction(() => document.querySelector('#past').textContent.includes('Nakamura'), null, {
        timeout: 5000,
    })
    await page.click('nav button[data-view=waiting]')
})

test('a guest added by node-coap shows within 2 s without reloading', async () => {
    const res = await request(base.port, {
        method: 'POST',
        pathname: '/v1/sessions',
        body: { number: 24, label: 'Walk-in', partySize: 6 },
    })
    assert.equal(res.code, '2.01')
    const t0 = Date.now()
    await page.waitForSelector('#list tr[data-number="24"]', { timeout: 2000 })
    assert.ok(Date.now() - t0 <= 2000)
})

test('a reload shows the same state', async () => {
    const before = await rows()
    await page.reload()
    await page.waitForSelector('#list tr[data-number="24"]')
    const afterReload = await rows()
    assert.deepEqual(
        afterReload.map(r => [r.number, r.label, r.state.includes('paged')]),
        before.map(r => [r.number, r.label, r.state.includes('paged')])
    )
    assert.deepEqual(
        afterReload.map(r => r.number),
        [22, 23, 24]
    )
})

test('an invalid pager number shows the base error next to the field, and adds nothing', async () => {
    const coapError = (await request(base.port, { method: 'POST', pathname: '/v1/sessions', body: { number: 5000 } }))
        .json
    assert.equal(coapError.field, 'number')
    await addGuest(5000, 'Too far', 2)
    await page.waitForFunction(() => document.querySelector('#add .err[data-for=number]').textContent !== '', null, {
        timeout: 5000,
    })
    assert.equal(await page.textContent('#add .err[data-for=number]'), coapError.error)
    assert.equal((await request(base.port, { pathname: '/v1/sessions' })).json.sessions.length, 3)
})

test('settings: a system id is saved on the base; a goal out of range is shown at its field; a change by node-coap shows', async () => {
    await page.click('nav button[data-view=settings]')
    await page.waitForFunction(
        () => document.querySelector('#prefs [name=radioProtocol]').value === 'retekess-t112',
        null,
        { timeout: 5000 }
    )
    await page.fill('#prefs [name=systemId]', '77')
    await page.click('#prefs button[type=submit]')
    await page.waitForFunction(() => document.querySelector('#saved').textContent === 'Saved', null, { timeout: 5000 })
    assert.equal((await request(base.port, { pathname: '/v1/settings' })).json.settings.systemId, 77)
    await page.fill('#prefs [name=defaultTargetGoal]', '-5')
    await page.click('#prefs button[type=submit]')
    await page.waitForFunction(
        () => document.querySelector('#prefs .err[data-for=defaultTargetGoal]').textContent !== '',
        null,
        { timeout: 5000 }
    )
    assert.equal(
        (await request(base.port, { pathname: '/v1/settings' })).json.settings.defaultTargetGoal,
        300,
        'unchanged'
    )
    // Another host stand changes a setting: it shows within 2 s once nobody is editing the form.
    await page.click('nav button[data-view=history]')
    await page.click('nav button[data-view=settings]')
    assert.equal(
        (await request(base.port, { method: 'POST', pathname: '/v1/settings', body: { systemId: 78 } })).code,
        '2.04'
    )
    await page.waitForFunction(() => document.querySelector('#prefs [name=systemId]').value === '78', null, {
        timeout: 2000,
    })
    await page.click('nav button[data-view=waiting]')
})

test('a lost connection shows, and the page recovers by itself', async () => {
    await page.route('**/v1/**', route => route.abort('connectionrefused'))
    await page.waitForSelector('#lost:not([hidden])', { timeout: 5000 })
    await page.unroute('**/v1/**')
    await page.waitForSelector('#lost[hidden]', { state: 'attached', timeout: 5000 })
    assert.equal(await page.textContent('#link'), 'connected')
})
