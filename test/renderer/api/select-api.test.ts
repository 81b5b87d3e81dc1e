import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
import type { PreloadBridge } from '@shared/api'

type SelectApiModule = typeof import('@renderer/api/select-api')

/** select-api keeps the token in a module variable: each test gets a fresh module. */
async function freshModule(): Promise<SelectApiModule> {
  vi.resetModules()
  return import('@renderer/api/select-api')
}

const setUrl = (path: string) => window.history.replaceState(null, '', path)

beforeEach(() => {
  setUrl('/')
  sessionStorage.clear()
  localStorage.clear()
})

afterEach(() => {
  delete (window as Window & { api?: PreloadBridge }).api
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('selectApi', () => {
  it('uses the HTTP Api with the fragment token, and removes the token from the address bar', async () => {
    setUrl('/index.html?lang=en#token=0123abcdef')
    const { selectApi } = await freshModule()
    const replaceState = vi.spyOn(window.history, 'replaceState')
    const selection = selectApi()
    expect(selection.kind).toBe('http')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/index.html?lang=en')
    expect(window.location.hash).toBe('')
    expect(window.location.href).not.toContain('0123abcdef')
    expect(window.location.search).toBe('?lang=en')
  })

  it("keeps the token out of localStorage (only the tab's sessionStorage holds it)", async () => {
    setUrl('/#token=feedface99')
    const { selectApi, sessionTokenKey } = await freshModule()
    selectApi()
    const stored = Array.from({ length: localStorage.length }, (_, i) => `${localStorage.key(i)}=${localStorage.getItem(localStorage.key(i) ?? '')}`)
    expect(stored.join('|')).not.toContain('feedface99')
    expect(sessionStorage.getItem(sessionTokenKey)).toBe('feedface99')
  })

  it('survives a reload (F5): the fragment is gone, the tab still has its session', async () => {
    setUrl('/#token=reload42')
    let module = await freshModule()
    expect(module.selectApi().kind).toBe('http')
    expect(window.location.hash).toBe('')
    // A reload runs the page again with a fresh module and the address bar as the first load left it.
    module = await freshModule()
    const fetchMock = vi.fn(async () => ({ ok: true, status: 200, text: async () => '{"ok":true,"value":{}}' }) as unknown as Response)
    vi.stubGlobal('fetch', fetchMock)
    const selection = module.selectApi()
    if (selection.kind === 'missing-token') throw new Error('a reload lost the session')
    await selection.api.invoke('prefs:set-preference', { key: 'devices.search', value: 'x' })
    expect(fetchMock).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ headers: expect.objectContaining({ Authorization: 'Bearer reload42' }) }),
    )
  })

  it('a new fragment token replaces the one the tab remembered (the server was restarted)', async () => {
    sessionStorage.setItem('autopilot-bench.session-token', 'old')
    setUrl('/#token=new1')
    const { takeSessionToken } = await freshModule()
    expect(takeSessionToken({ location: window.location, history: window.history, storage: sessionStorage })).toBe('new1')
    expect(sessionStorage.getItem('autopilot-bench.session-token')).toBe('new1')
  })

  it('sends the token as a bearer header to the page origin', async () => {
    setUrl('/#token=c0ffee')
    const fetchMock = vi.fn(async () => ({ ok: true, status: 200, text: async () => '{"ok":true,"value":{}}' }) as unknown as Response)
    vi.stubGlobal('fetch', fetchMock)
    const { selectApi } = await freshModule()
    const selection = selectApi()
    if (selection.kind === 'missing-token') throw new Error('expected an Api')
    await selection.api.invoke('prefs:set-preference', { key: 'devices.search', value: 'x' })
    expect(fetchMock).toHaveBeenCalledWith(
      `${window.location.origin}/api/rpc/prefs:set-preference`,
      expect.objectContaining({ headers: expect.objectContaining({ Authorization: 'Bearer c0ffee' }) }),
    )
  })

  it('reads the token once: a later fragment is ignored', async () => {
    const { takeSessionToken } = await freshModule()
    const env = (hash: string) => ({ location: { hash, pathname: '/', search: '', origin: 'http://x' }, history: { replaceState: vi.fn() } })
    expect(takeSessionToken(env('#token=first'))).toBe('first')
    const later = env('#token=second')
    expect(takeSessionToken(later)).toBe('first')
    expect(later.history.replaceState).not.toHaveBeenCalled()
  })

  it('reports a missing token when there is neither window.api nor #token', async () => {
    setUrl('/somewhere#section')
    const { selectApi } = await freshModule()
    const replaceState = vi.spyOn(window.history, 'replaceState')
    expect(selectApi().kind).toBe('missing-token')
    expect(replaceState).not.toHaveBeenCalled() // an unrelated fragment is left alone
  })

  it('treats an empty token as missing, but still cleans the address bar', async () => {
    setUrl('/#token=')
    const { selectApi } = await freshModule()
    expect(selectApi().kind).toBe('missing-token')
    expect(window.location.hash).toBe('')
  })

  it('prefers the Electron preload bridge and leaves the URL alone', async () => {
    setUrl('/#token=abc')
    ;(window as Window & { api?: PreloadBridge }).api = { invoke: async () => ({ ok: true, value: {} }), on: () => () => undefined }
    const { selectApi } = await freshModule()
    expect(selectApi().kind).toBe('ipc')
    expect(window.location.hash).toBe('#token=abc')
  })
})

describe('reloadOnNewSessionToken', () => {
  it('a new address pasted into the tab (only the fragment changed) keeps its token and loads the page again', async () => {
    const { reloadOnNewSessionToken, sessionTokenKey } = await freshModule()
    sessionStorage.setItem(sessionTokenKey, 'dead')
    const reload = vi.fn()
    const stop = reloadOnNewSessionToken(window, sessionStorage, reload)
    setUrl('/#token=fresh7')
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    expect(reload).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(sessionTokenKey)).toBe('fresh7')
    expect(window.location.hash).toBe('')
    // A fragment that is not a token (an in-page link) is not a new session.
    setUrl('/#section')
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    expect(reload).toHaveBeenCalledTimes(1)
    stop()
  })

  it('without storage the fragment stays for the reloaded page to read', async () => {
    const { reloadOnNewSessionToken } = await freshModule()
    const reload = vi.fn()
    const stop = reloadOnNewSessionToken(window, undefined, reload)
    setUrl('/#token=fresh8')
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    expect(reload).toHaveBeenCalledTimes(1)
    expect(window.location.hash).toBe('#token=fresh8')
    stop()
  })
})

describe('main.tsx', () => {
  it('shows the session-token-missing screen instead of the app', async () => {
    setUrl('/')
    document.body.innerHTML = '<div id="root"></div>'
    vi.resetModules()
    await import('@renderer/main')
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Session token missing' })).toBeTruthy())
    expect(screen.getByRole('alert').textContent).toContain('npm run web')
    expect(screen.queryByRole('heading', { name: 'Autopilot devices' })).toBeNull()
  })

  it('opens on the Bench, the technician’s home screen', async () => {
    setUrl('/#token=home1')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"ok":false,"error":{"code":"offline","message":"test"}}', { status: 200 })),
    )
    document.body.innerHTML = '<div id="root"></div>'
    vi.resetModules()
    await import('@renderer/main')
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Bench', level: 1 })).toBeTruthy())
  })

  it('gives way to "This session has ended" when the server refuses the token (it was restarted), and forgets it', async () => {
    setUrl('/#token=old9')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"ok":false,"error":{"code":"unauthorized","message":"Missing or wrong session token."}}', { status: 401 })),
    )
    document.body.innerHTML = '<div id="root"></div>'
    vi.resetModules()
    await import('@renderer/main')
    await waitFor(() => expect(screen.getByRole('heading', { name: 'This session has ended' })).toBeTruthy())
    expect(screen.getByRole('alert').textContent).toContain('npm run web')
    expect(screen.queryByRole('heading', { name: 'Bench', level: 1 })).toBeNull()
    expect(sessionStorage.getItem('autopilot-bench.session-token')).toBeNull()
  })
})
