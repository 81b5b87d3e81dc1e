import type { Api, PreloadBridge } from '@shared/api'
import { createHttpApi } from './http-api'
import { createIpcApi } from './ipc-api'
import { setLocalServerGone } from './local-server-status'

export type ApiSelection =
  | { kind: 'ipc'; api: Api }
  | { kind: 'http'; api: Api }
  /** Browser mode opened without `#token=…`: the app shows a screen that says how to open it. */
  | { kind: 'missing-token' }

/** What selectApi reads from the page; the real `window` in the app, a stand-in in tests. */
export interface ApiEnvironment {
  api?: PreloadBridge | undefined
  location: Pick<Location, 'hash' | 'pathname' | 'search' | 'origin'>
  history: Pick<History, 'replaceState'>
  /** The tab's sessionStorage; absent (or throwing) means a reload needs the full address again. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined
}

/** sessionStorage key of the browser-mode session token (see takeSessionToken for why there). */
export const sessionTokenKey = 'autopilot-bench.session-token'

/**
 * The browser-mode session token: in this module variable and in the TAB's sessionStorage, never in
 * localStorage, cookies or the address bar (where it would end up in history, bookmarks and
 * screenshots). Why sessionStorage: F5 reloads the page and the fragment is already gone, so without
 * it a reload lost the session. sessionStorage is per tab and per origin (another tab, another site or
 * the next browser session never sees it), and the token only opens the loopback server that printed
 * it, which makes a new one on every start (README.md › Security on the bench machine).
 */
let sessionToken: string | null | undefined

const safely = <T>(work: () => T): T | null => {
  try {
    return work()
  } catch {
    return null // storage disabled (privacy mode, sandboxed frame): the fragment alone still works
  }
}

/**
 * Reads `#token=<hex>` from the fragment once, keeps it for this tab and strips the fragment from the
 * address bar; with no fragment (a reload) it takes the tab's remembered token. Later calls return the
 * remembered value without looking again.
 */
export function takeSessionToken(env: Pick<ApiEnvironment, 'location' | 'history' | 'storage'>): string | null {
  if (sessionToken !== undefined) return sessionToken
  const hash = env.location.hash.replace(/^#/, '')
  const params = new URLSearchParams(hash)
  const token = params.get('token')?.trim() ?? ''
  if (params.has('token')) {
    env.history.replaceState(null, '', env.location.pathname + env.location.search)
    if (token !== '') safely(() => env.storage?.setItem(sessionTokenKey, token))
    sessionToken = token === '' ? null : token
    return sessionToken
  }
  const remembered = safely(() => env.storage?.getItem(sessionTokenKey) ?? null)?.trim() ?? ''
  sessionToken = remembered === '' ? null : remembered
  return sessionToken
}

/**
 * The server refused this tab's token (401): it was restarted, so the token it printed before is dead.
 * The tab forgets it, so a reload shows how to get in instead of an app whose every call fails.
 */
export function forgetSessionToken(env: Pick<ApiEnvironment, 'storage'> = browserEnvironment()): void {
  sessionToken = null
  safely(() => env.storage?.removeItem(sessionTokenKey))
}

/**
 * A new address pasted into this tab. When only its fragment changed (the server restarted on the same
 * port, or the full address pasted over the "token missing" page) the browser does not load the page
 * again, so the new `#token=` went unread and every call kept the dead token (a walk: "The session token
 * is missing or wrong. Open the address printed by npm run web again", right after doing just that).
 * The tab keeps the new token and loads the page again, so every screen starts on the new session.
 * Returns the function that stops watching.
 */
export function reloadOnNewSessionToken(
  win: Pick<Window, 'addEventListener' | 'removeEventListener'> & {
    location: Pick<Location, 'hash' | 'pathname' | 'search'>
    history: Pick<History, 'replaceState'>
  },
  storage: ApiEnvironment['storage'],
  reload: () => void,
): () => void {
  const onHashChange = () => {
    const params = new URLSearchParams(win.location.hash.replace(/^#/, ''))
    const token = params.get('token')?.trim() ?? ''
    if (token === '') return
    let kept = false
    try {
      storage?.setItem(sessionTokenKey, token)
      kept = storage !== undefined
    } catch {
      kept = false
    }
    // Kept for the tab: the address bar loses the token before the reload. Not kept (storage off): the
    // reloaded page reads it from the fragment, as a first load does.
    if (kept) win.history.replaceState(null, '', win.location.pathname + win.location.search)
    reload()
  }
  win.addEventListener('hashchange', onHashChange)
  return () => win.removeEventListener('hashchange', onHashChange)
}

/**
 * Electron's preload bridge when present; otherwise the loopback HTTP transport with the session token.
 * `onSessionEnded`: the loopback server refused the token (browser mode only).
 */
export function selectApi(env: ApiEnvironment = browserEnvironment(), onSessionEnded?: () => void): ApiSelection {
  if (env.api) return { kind: 'ipc', api: createIpcApi(env.api) }
  const token = takeSessionToken(env)
  if (!token) return { kind: 'missing-token' }
  return {
    kind: 'http',
    api: createHttpApi({
      baseUrl: env.location.origin,
      token,
      onUnauthorized: () => {
        forgetSessionToken(env)
        onSessionEnded?.()
      },
      onReachable: (reachable) => setLocalServerGone(!reachable),
    }),
  }
}

/** The tab's sessionStorage, or undefined where the browser refuses it. */
export const tabStorage = (): ApiEnvironment['storage'] => safely(() => window.sessionStorage) ?? undefined

function browserEnvironment(): ApiEnvironment {
  // Not declared on Window globally: the preload owns that declaration; we only read it.
  const bridge = (window as Window & { api?: PreloadBridge }).api
  return { api: bridge, location: window.location, history: window.history, storage: tabStorage() }
}
