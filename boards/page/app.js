'use strict'
// The host stand: the base's own API over HTTP (README "The page and HTTP"). Every rule and error message is the
// base's; this page only shows them. Changes by other clients arrive by polling /v1/sessions with its ETag.

const PROTOCOLS = [
    'retekess-t112',
    'retekess-t119',
    'retekess-td157',
    'retekess-td158',
    'retekess-td161',
    'pocsag512',
    'pocsag1200',
    'pocsag2400',
    'pocsag512-numeric',
    'pocsag1200-numeric',
    'pocsag2400-numeric',
    'lrs',
]
const POLL_MS = 1000
const $ = selector => document.querySelector(selector)
const state = { etag: null, sessions: [], stats: null, offsetMs: 0, online: true, view: 'waiting', history: [] }

/** One API call: {status, json}; throws only when the base cannot be reached. */
async function api(method, path, body) {
    const init = { method, headers: {}, cache: 'no-store' }
    if (body !== undefined) {
        init.headers['content-type'] = 'application/json'
        init.body = JSON.stringify(body)
    }
    const res = await fetch(path, init)
    const text = await res.text()
    setOnline(true)
    let json = null
    try {
        json = text ? JSON.parse(text) : null
    } catch (e) {
        json = { error: text }
    }
    if (json && json.timestamp) state.offsetMs = baseMs(json.timestamp) - Date.now()
    return { status: res.status, json, res }
}

const baseMs = text => Date.parse(text + 'Z')
const baseNow = () => Date.now() + state.offsetMs
const pad = n => String(n).padStart(2, '0')
function duration(seconds) {
    const s = Math.max(0, Math.round(seconds))
    return s >= 3600
        ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
        : `${Math.floor(s / 60)}:${pad(s % 60)}`
}
const clockText = text => (text ? text.slice(11, 16) : '')

function setOnline(online) {
    if (state.online === online) return
    state.online = online
    $('#lost').hidden = online
    $('#link').textContent = online ? 'connected' : 'offline'
    $('#link').className = online ? 'ok' : 'bad'
}

async function poll() {
    try {
        const res = await fetch('/v1/sessions', {
            cache: 'no-store',
            headers: state.etag ? { 'if-none-match': state.etag } : {},
        })
        if (res.status === 200) await applySessions(res, await res.json())
        else if (res.status !== 304) throw new Error(String(res.status))
        // Settings have no ETag: while they are shown and nobody is editing them, they are read again each time.
        if (state.view === 'settings' && !editingSettings()) await loadSettings(false)
        setOnline(true)
    } catch (e) {
        setOnline(false)
    }
    setTimeout(poll, POLL_MS)
}

/** A new /v1/sessions representation: the list, the statistics, and what follows from them. */
async function applySessions(res, json) {
    state.offsetMs = baseMs(json.timestamp) - Date.now()
    state.etag = res.headers.get('etag')
    state.sessions = json.sessions
    state.stats = json.statistics
    renderWaiting()
    await Promise.all([loadQuote(), state.view === 'history' ? loadHistory() : null])
}

/** Asks at once after a change made here, instead of at the next poll. */
async function refresh() {
    try {
        const res = await fetch('/v1/sessions', { cache: 'no-store' })
        if (res.ok) await applySessions(res, await res.json())
    } catch (e) {
        setOnline(false)
    }
}

async function loadQuote() {
    const { json } = await api('GET', '/v1/quote')
    if (json && json.quote)
        $('#quote').textContent = `Next guest: about ${Math.max(1, Math.round(json.quote.waitSeconds / 60))} min`
}

async function loadStatus() {
    try {
        const { json } = await api('GET', '/v1/status')
        if (json && json.status) $('#clock').hidden = json.status.clockSet
        // A locked base without our login: offer it (the token is an HttpOnly cookie the page never sees).
        if (json && json.status) $('#login').hidden = !json.status.locked || state.loggedIn
    } catch (e) {
        setOnline(false)
    }
}

async function loadHistory() {
    const { json } = await api('GET', '/v1/sessions/history')
    if (json && json.session_history) state.history = json.session_history
    renderHistory()
}

/** Whether the settings form holds something typed and not saved, or has the focus. */
function editingSettings() {
    const prefs = $('#prefs')
    return Boolean(prefs.dataset.dirty) || prefs.contains(document.activeElement)
}

/** Fills the settings form from the base; `always` false: not over what someone started typing meanwhile. */
async function loadSettings(always = true) {
    const { json } = await api('GET', '/v1/settings')
    const form = $('#prefs')
    if (!json || !json.settings || (!always && editingSettings())) return
    for (const name of ['systemId', 'defaultTargetGoal', 'radioProtocol', 'datetime'])
        form.elements[name].value = json.settings[name]
}

function cell(row, text, className) {
    const td = row.insertCell()
    td.textContent = text
    if (className) td.className = className
    return td
}

function renderWaiting() {
    const body = $('#list')
    body.textContent = ''
    const now = baseNow()
    for (const s of state.sessions) {
        // A paged guest's wait ended when the pager buzzed.
        const waited = ((s.notified ? baseMs(s.notified) : now) - baseMs(s.created)) / 1000
        const row = body.insertRow()
        row.dataset.number = s.number
        row.className = [
            s.state,
            waited > s.goalInSeconds ? 'late' : waited > s.goalInSeconds * 0.8 ? 'near' : '',
        ].join(' ')
        cell(row, s.number, 'num')
        cell(row, s.label || '')
        cell(row, s.partySize)
        cell(
            row,
            `${duration(waited)} / ${duration(s.goalInSeconds)}${s.notified ? ` · paged ${clockText(s.notified)}` : ''}`,
            'wait'
        )
        const acts = cell(row, '', 'acts')
        for (const [action, text] of [
            ['page', s.state === 'paged' ? 'Re-page' : 'Page'],
            ['clear', 'Clear'],
            ['remove', 'Remove'],
        ]) {
            const b = document.createElement('button')
            b.type = 'button'
            b.textContent = text
            b.dataset.action = action
            acts.append(b)
        }
    }
    $('#empty').hidden = state.sessions.length > 0
    const st = state.stats
    if (st)
        $('#stats').innerHTML = [
            ['Waiting', state.sessions.length],
            ['Served', st.guestsServed],
            ['Average wait', duration(st.averageTimeServed)],
            ['On time', `${st.percentOnTime}%`],
            ['Late', `${st.percentLate}%`],
        ]
            .map(([k, v]) => `<span>${k} <b>${v}</b></span>`)
            .join('')
}

function renderHistory() {
    const body = $('#past')
    body.textContent = ''
    for (const s of state.history.slice().reverse()) {
        const row = body.insertRow()
        cell(row, s.number, 'num')
        cell(row, s.label || '')
        cell(row, clockText(s.created))
        cell(
            row,
            s.notified ? duration((baseMs(s.notified) - baseMs(s.created)) / 1000) : '–',
            s.notified && baseMs(s.notified) - baseMs(s.created) > s.goalInSeconds * 1000 ? 'late' : ''
        )
        cell(row, `${clockText(s.cleared)} ${s.clearType === 'REMOVED' ? '(removed)' : ''}`)
    }
}

/** Shows the base's error next to the field it names, or under the form. */
function showError(form, json, status) {
    const field = json && json.field ? json.field : ''
    const slot = form.querySelector(`.err[data-for="${field}"]`) || form.querySelector('.err[data-for=""]')
    slot.textContent = (json && json.error) || `error ${status}`
}
function clearErrors(form) {
    for (const e of form.querySelectorAll('.err')) e.textContent = ''
}

/** A number typed as digits is sent as a number; anything else as typed, for the base to judge. */
const typed = value => (/^\s*-?\d+\s*$/.test(value) ? Number(value) : value)

async function submit(form, method, path, body) {
    clearErrors(form)
    try {
        const { status, json } = await api(method, path, body)
        if (status >= 400) showError(form, json, status)
        if (status === 403 && form.id !== 'login') state.loggedIn = $('#login').hidden = false
        return status
    } catch (e) {
        setOnline(false)
        return 0
    }
}

$('#add').addEventListener('submit', async event => {
    event.preventDefault()
    const f = event.target.elements
    const body = { number: typed(f.number.value) }
    if (f.label.value.trim()) body.label = f.label.value.trim()
    if (f.partySize.value.trim()) body.partySize = typed(f.partySize.value)
    const status = await submit(event.target, 'POST', '/v1/sessions', body)
    if (status === 201) {
        f.number.value = ''
        f.label.value = ''
        f.number.focus()
    } else if (status === 200) showError(event.target, { error: `pager ${body.number} was already waiting: updated` })
    refresh()
})

$('#list').addEventListener('click', async event => {
    const action = event.target.dataset.action
    if (!action) return
    const number = event.target.closest('tr').dataset.number
    await submit($('#add'), 'PUT', `/v1/sessions?number=${number}`, { action })
    refresh()
})

$('#prefs').addEventListener('submit', async event => {
    event.preventDefault()
    const f = event.target.elements
    const body = {
        systemId: typed(f.systemId.value),
        defaultTargetGoal: typed(f.defaultTargetGoal.value),
        radioProtocol: f.radioProtocol.value,
    }
    if (f.datetime.dataset.edited) body.datetime = f.datetime.value.trim()
    $('#saved').textContent = ''
    const status = await submit(event.target, 'POST', '/v1/settings', body)
    if (!status || status >= 400) return
    delete f.datetime.dataset.edited
    delete event.target.dataset.dirty
    await loadSettings()
    $('#saved').textContent = 'Saved'
    loadStatus()
})
$('#login').addEventListener('submit', async event => {
    event.preventDefault()
    const secret = event.target.elements.secret
    const status = await submit(event.target, 'POST', '/v1/login', { secret: secret.value })
    secret.value = ''
    if (status !== 201) return
    state.loggedIn = true
    event.target.hidden = true
})
$('#prefs').elements.datetime.addEventListener('input', e => (e.target.dataset.edited = '1'))
$('#prefs').addEventListener('input', e => (e.currentTarget.dataset.dirty = '1'))

function deviceTime() {
    const d = new Date()
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
$('#now').addEventListener('click', () => {
    const input = $('#prefs').elements.datetime
    input.value = deviceTime()
    input.dataset.edited = '1'
    $('#prefs').dataset.dirty = '1'
})
$('#setClock').addEventListener('click', async () => {
    await submit($('#prefs'), 'POST', '/v1/settings', { datetime: deviceTime() })
    await loadStatus()
    refresh()
})

for (const b of document.querySelectorAll('nav button')) {
    b.addEventListener('click', () => {
        state.view = b.dataset.view
        for (const other of document.querySelectorAll('nav button')) other.classList.toggle('on', other === b)
        for (const v of ['waiting', 'history', 'settings']) $(`#${v}`).hidden = v !== state.view
        if (state.view === 'history') loadHistory().catch(() => setOnline(false))
        if (state.view === 'settings') {
            delete $('#prefs').dataset.dirty
            loadSettings().catch(() => setOnline(false))
        }
    })
}

for (const p of PROTOCOLS) $('#prefs').elements.radioProtocol.add(new Option(p, p))

setInterval(renderWaiting, 1000)
setInterval(loadStatus, 15000)
setInterval(() => loadQuote().catch(() => {}), 15000)
loadStatus()
poll()
