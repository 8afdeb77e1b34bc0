'use strict'
// Logging in on the page of a locked base (README "Security"), in Debian's headless Chromium: a change is refused
// until the secret is given; the login leaves a cookie that is HttpOnly and SameSite=Strict, that the page's script
// cannot read, and that the HTTP mapping turns into the firmware's token option; the mapping's own loopback
// address is not trusted even when trustedClients lists it.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const { chromium } = require('playwright-core')
const { startBase, request } = require('../e2e/harness')

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
let base
let browser

before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (Debian package chromium; or set CHROMIUM_PATH)`)
    base = await startBase()
    // The claim, over CoAP: 127.0.0.0/8 listed, so that only the exception for the mapping's 127.0.0.1 keeps HTTP out.
    const claim = await request(base.port, {
        method: 'POST',
        pathname: '/v1/settings',
        body: { accessSecret: 'open sesame', trustedClients: ['127.0.0.0/8'] },
    })
    assert.equal(claim.code, '2.04', claim.payload.toString())
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})
after(async () => {
    if (browser) await browser.close()
    if (base) await base.stop()
})

test('a locked base: refused until the page logs in, then the cookie carries the token', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(base.httpUrl)
    await page.waitForSelector('#login:not([hidden])', { timeout: 5000 })
    // Not logged in: adding a guest is refused (4.01 -> 403), nothing is created.
    await page.fill('#add [name=number]', '12')
    await page.click('#add button[type=submit]')
    await page.waitForFunction(
        () => document.querySelector('#add .err[data-for=""]').textContent.includes('locked'),
        null,
        { timeout: 5000 }
    )
    assert.equal((await request(base.port, { pathname: '/v1/sessions' })).json.sessions.length, 0)
    // A wrong secret: the base's error next to the field.
    await page.fill('#login [name=secret]', 'guess')
    await page.click('#login button[type=submit]')
    await page.waitForFunction(
        () => document.querySelector('#login .err[data-for="secret"]').textContent !== '',
        null,
        { timeout: 5000 }
    )
    // The right one.
    await page.fill('#login [name=secret]', 'open sesame')
    await page.click('#login button[type=submit]')
    await page.waitForSelector('#login[hidden]', { state: 'attached', timeout: 5000 })
    const cookies = await context.cookies()
    const cookie = cookies.find(c => c.name === 'pbtoken')
    assert.ok(cookie, JSON.stringify(cookies))
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.match(cookie.value, /^[0-9a-f]{32}$/)
    assert.ok(cookie.expires > Date.now() / 1000, 'an expiring cookie')
    assert.equal(await page.evaluate(() => document.cookie.includes('pbtoken')), false)
    // Now the change goes through.
    await page.fill('#add [name=number]', '12')
    await page.click('#add button[type=submit]')
    await page.waitForSelector('#list tr[data-number="12"]', { timeout: 5000 })
    assert.equal((await request(base.port, { pathname: '/v1/sessions' })).json.sessions[0].number, 12)
    // Another browser without the cookie is still refused.
    const other = await fetch(`${base.httpUrl}v1/sessions`, { method: 'DELETE' })
    assert.equal(other.status, 403)
    assert.equal((await request(base.port, { pathname: '/v1/sessions' })).json.sessions.length, 1)
    await context.close()
})
