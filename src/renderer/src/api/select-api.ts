import type { Api, PreloadBridge } from '@shared/api'
import { createHttpApi } from './http-api'
import { createIpcApi } from './ipc-api'

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
}

/**
 * The browser-mode session token. It lives only in this module variable: never in storage, never
 * left in the address bar (where it would end up in history, bookmarks and screenshots).
 */
let sessionToken: string | null | undefined

/**
 * Reads `#token=<hex>` from the fragment once, then strips the fragment from the address bar.
 * Later calls return the remembered value without looking at the URL again.
 */
export function takeSessionToken(env: Pick<ApiEnvironment, 'location' | 'history'>): string | null {
  if (sessionToken !== undefined) return sessionToken
  const hash = env.location.hash.replace(/^#/, '')
  const params = new URLSearchParams(hash)
  const token = params.get('token')?.trim() ?? ''
  if (params.has('token')) env.history.replaceState(null, '', env.location.pathname + env.location.search)
  sessionToken = token === '' ? null : token
  return sessionToken
}

/** Electron's preload bridge when present; otherwise the loopback HTTP transport with the session token. */
export function selectApi(env: ApiEnvironment = browserEnvironment()): ApiSelection {
  if (env.api) return { kind: 'ipc', api: createIpcApi(env.api) }
  const token = takeSessionToken(env)
  if (!token) return { kind: 'missing-token' }
  return { kind: 'http', api: createHttpApi({ baseUrl: env.location.origin, token }) }
}

function browserEnvironment(): ApiEnvironment {
  // Not declared on Window globally: the preload owns that declaration; we only read it.
  const bridge = (window as Window & { api?: PreloadBridge }).api
  return { api: bridge, location: window.location, history: window.history }
}
