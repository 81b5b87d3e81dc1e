import type { Api } from '@shared/api'
import { isEventName, type Channel, type EventName, type EventPayload, type RequestOf, type ResponseOf } from '@shared/channels'
import { dataTopics } from '@shared/data-topics'
import type { Result } from '@shared/result'
import { errorMessageOf, failure, toResult } from './envelope'
import { parseEventPayload } from './event-payload'
import { createSseParser } from './sse-parser'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface HttpApiOptions {
  /** Origin of the loopback server, e.g. `http://127.0.0.1:5174` (no trailing slash needed). */
  baseUrl: string
  /** Session token from the address fragment (kept per tab, see select-api.ts); sent as `Authorization: Bearer …`. */
  token: string
  fetchImpl?: FetchLike
  /** Reconnect backoff for the event stream. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number }
  /**
   * The server sends `: ping` every 15 s; a stream silent for this long is treated as dead and
   * reopened (a suspended laptop or a half-open socket never reports an error on its own).
   */
  silenceTimeoutMs?: number
  /** The server refused the token (HTTP 401): it was restarted and made a new one. */
  onUnauthorized?: () => void
  /**
   * Whether the server answers: false when a call or the event stream could not connect at all (the
   * server stopped), true when it answers again. Not a judgment on Intune: the server's own answers say that.
   */
  onReachable?: (reachable: boolean) => void
}

type AnyListener = (payload: never) => void

/**
 * After a reconnect we cannot know which `data:changed` events we missed, so listeners are told
 * every topic may have changed and re-query what they show.
 */
const topicsAfterGap = [...dataTopics]

/**
 * The Api over the authenticated loopback HTTP transport (browser mode, Playwright). Requests are
 * `POST /api/rpc/<channel>`; events come from ONE shared `POST /api/events` stream, opened on the
 * first `on()` and closed when the last listener leaves.
 */
export function createHttpApi(options: HttpApiOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init))
  const initialDelayMs = options.reconnect?.initialDelayMs ?? 500
  const maxDelayMs = options.reconnect?.maxDelayMs ?? 15_000
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 45_000
  const headers = { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' }

  const listeners = new Map<EventName, Set<AnyListener>>()
  let listenerCount = 0
  let stream: AbortController | null = null
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  let failures = 0
  let connectedBefore = false
  // Once the server refused the token it never takes it again (a restarted server makes a new one):
  // later calls fail here, without asking it, and the event stream stays closed.
  let refused = false
  const refuse = () => {
    refused = true
    options.onUnauthorized?.()
  }

  const reachable = (yes: boolean) => options.onReachable?.(yes)

  const dispatch = (event: string, data: unknown) => {
    if (!isEventName(event)) return
    const set = listeners.get(event)
    if (!set || set.size === 0) return
    const payload = parseEventPayload(event, data)
    if (payload === undefined) return
    for (const listener of [...set]) {
      if (!set.has(listener)) continue
      try {
        ;(listener as (p: typeof payload) => void)(payload)
      } catch (error) {
        console.error(`[api] a "${event}" listener threw`, error)
      }
    }
  }

  const scheduleReconnect = (controller: AbortController, wentSilent: boolean) => {
    if (stream !== controller || (controller.signal.aborted && !wentSilent) || refused) return
    stream = null
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** failures)
    failures++
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null
      if (listenerCount > 0) connect()
    }, delay)
  }

  const readStream = async (controller: AbortController) => {
    let watchdog: ReturnType<typeof setTimeout> | null = null
    let wentSilent = false
    const feedWatchdog = () => {
      if (watchdog) clearTimeout(watchdog)
      watchdog = setTimeout(() => {
        wentSilent = true
        controller.abort()
      }, silenceTimeoutMs)
    }
    try {
      feedWatchdog()
      let response: Response
      try {
        response = await fetchImpl(`${baseUrl}/api/events`, { method: 'POST', headers, body: '{}', signal: controller.signal })
      } catch (error) {
        // Could not connect (not our own abort): the server is gone. The reconnects keep trying; a server
        // started again on this port refuses the old token (401), which ends the session visibly.
        if (!controller.signal.aborted) reachable(false)
        throw error
      }
      reachable(true)
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined)
        if (response.status === 401) refuse()
        return
      }
      failures = 0
      if (connectedBefore) dispatch('data:changed', { topics: topicsAfterGap })
      connectedBefore = true
      const reader = response.body.getReader()
      const decoder = new TextDecoder()
      const parser = createSseParser()
      for (;;) {
        const { done, value } = await reader.read()
        if (done || controller.signal.aborted) break
        feedWatchdog()
        for (const frame of parser.push(decoder.decode(value, { stream: true }))) {
          let data: unknown
          try {
            data = JSON.parse(frame.data)
          } catch {
            console.warn(`[api] dropped a "${frame.event}" event whose data is not JSON`)
            continue
          }
          dispatch(frame.event, data)
        }
      }
    } catch (error) {
      if (!controller.signal.aborted || wentSilent) console.warn(`[api] event stream dropped: ${wentSilent ? 'no data or heartbeat' : errorMessageOf(error)}`)
    } finally {
      if (watchdog) clearTimeout(watchdog)
      scheduleReconnect(controller, wentSilent)
    }
  }

  const connect = () => {
    if (refused) return
    const controller = new AbortController()
    stream = controller
    void readStream(controller)
  }

  const disconnect = () => {
    if (reconnectTimer) clearTimeout(reconnectTimer)
    reconnectTimer = null
    stream?.abort()
    stream = null
    failures = 0
    // Nobody was listening, so nobody missed anything: the next first listener loads fresh anyway.
    connectedBefore = false
  }

  const api = {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      if (refused) return failure('unauthorized', 'Missing or wrong session token.')
      let response: Response
      try {
        response = await fetchImpl(`${baseUrl}/api/rpc/${channel}`, { method: 'POST', headers, body: JSON.stringify(request ?? {}) })
      } catch (error) {
        // The app's own server did not answer: Intune was never asked, so the failure must not blame it.
        reachable(false)
        return failure('app-server-gone', `The app's local server cannot be reached (${errorMessageOf(error)}). Is \`npm run web\` still running?`)
      }
      reachable(true)
      if (response.status === 401) refuse()
      let body: unknown
      try {
        body = JSON.parse(await response.text())
      } catch {
        if (response.status === 401) return failure('unauthorized', `HTTP ${response.status}`)
        if (response.status === 403) return failure('forbidden', `HTTP ${response.status}`)
        return failure('internal', `The app's local server sent a response that is not JSON (HTTP ${response.status}) on ${channel}.`)
      }
      return toResult<ResponseOf<C>>(body) ?? failure('internal', `The app's local server sent an unexpected answer (HTTP ${response.status}) on ${channel}.`)
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry: AnyListener = (payload) => listener(payload)
      set.add(entry)
      listenerCount++
      if (listenerCount === 1 && !stream && !reconnectTimer) connect()
      let active = true
      return () => {
        if (!active) return
        active = false
        set.delete(entry)
        listenerCount--
        if (listenerCount === 0) disconnect()
      }
    },
  } satisfies Api
  return api
}
