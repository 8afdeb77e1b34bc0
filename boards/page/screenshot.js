'use strict'
// Renders docs/page.png, the README's picture of the page: a base in the simulator with a realistic evening (the
// clock set forward as guests come and go), shot by headless Chromium at a 10" tablet's size.
//   node boards/page/screenshot.js [out.png]      (CHROMIUM_PATH, default /usr/bin/chromium)

const path = require('node:path')
const { chromium } = require('playwright-core')
const { startBase, request } = require('../../test/e2e/harness')

const OUT = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'docs', 'page.png'))
const DAY = '2026-05-16T'
// [time, method, path, body]: an evening from 18:05 to 19:04 with a 15-minute goal.
const EVENING = [
    ['18:05:00', 'POST', '/v1/settings', { defaultTargetGoal: 900, systemId: 12 }],
    ['18:05:00', 'POST', '/v1/sessions', { number: 3, label: 'Moreau', partySize: 4 }],
    ['18:07:30', 'POST', '/v1/sessions', { number: 8, label: 'Chen', partySize: 2 }],
    ['18:11:00', 'POST', '/v1/sessions', { number: 14, label: 'Patel', partySize: 5 }],
    ['18:16:40', 'PUT', '/v1/sessions?number=3', { action: 'page' }],
    ['18:19:00', 'PUT', '/v1/sessions?number=3', { action: 'clear' }],
    ['18:24:10', 'PUT', '/v1/sessions?number=8', { action: 'page' }],
    ['18:26:00', 'PUT', '/v1/sessions?number=8', { action: 'clear' }],
    ['18:29:30', 'POST', '/v1/sessions', { number: 5, label: 'Okonkwo', partySize: 2 }],
    ['18:31:00', 'PUT', '/v1/sessions?number=14', { action: 'page' }],
    ['18:33:00', 'PUT', '/v1/sessions?number=14', { action: 'clear' }],
    ['18:38:00', 'PUT', '/v1/sessions?number=5', { action: 'page' }],
    ['18:39:00', 'PUT', '/v1/sessions?number=5', { action: 'clear' }],
    ['18:43:20', 'POST', '/v1/sessions', { number: 11, label: 'Schmidt', partySize: 6 }],
    ['18:47:00', 'POST', '/v1/sessions', { number: 2, label: 'Rossi', partySize: 3 }],
    ['18:51:30', 'POST', '/v1/sessions', { number: 17, label: 'Nguyen', partySize: 2 }],
    ['18:55:00', 'POST', '/v1/sessions', { number: 9, label: 'Haddad', partySize: 4 }],
    ['18:58:00', 'PUT', '/v1/sessions?number=2', { action: 'page' }],
    ['19:01:40', 'POST', '/v1/sessions', { number: 21, label: 'Kowalski', partySize: 2 }],
    ['19:02:00', 'POST', '/v1/sessions', { number: 6, label: 'Birthday: Ana', partySize: 8 }],
]

async function main() {
    const base = await startBase()
    try {
        for (const [time, method, target, body] of EVENING) {
            await send(base, 'POST', '/v1/settings', { datetime: DAY + time })
            await send(base, method, target, body)
        }
        await send(base, 'POST', '/v1/settings', { datetime: DAY + '19:04:10' })
        const browser = await chromium.launch({
            executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
            args: ['--no-sandbox'],
        })
        const page = await browser.newPage({ viewport: { width: 1024, height: 720 } })
        await page.goto(base.httpUrl)
        await page.waitForSelector('#list tr[data-number="6"]')
        await page.waitForTimeout(1200)
        await page.screenshot({ path: OUT })
        await browser.close()
        console.log(`wrote ${OUT}`)
    } finally {
        await base.stop()
    }
}

async function send(base, method, target, body) {
    const [pathname, query] = target.split('?')
    const res = await request(base.port, { method, pathname, query, body })
    if (!/^2\./.test(res.code)) throw new Error(`${method} ${target}: ${res.code} ${res.payload}`)
}

main().catch(err => {
    console.error(err)
    process.exitCode = 1
})
