import { vi } from 'vitest'
import type { Handlers } from '@core/handlers'
import type { SenderEvent } from '@core/ipc/ipc-types'

/** A handler map whose every entry is a spy; tests override the ones they exercise. */
export function fakeHandlers(overrides: Partial<Record<keyof Handlers, (...args: never[]) => Promise<unknown>>> = {}) {
  const base = {
    'app:get-info': async () => ({ version: '1', transport: 'ipc', timeZone: 'UTC', tenant: { id: 'demo', displayName: 'Demo', kind: 'embedded-mock' } }),
    'devices:list-devices': async () => ({ items: [], total: 0, next: null }),
    'devices:get-device': async () => null,
    'sync:start-sync': async () => ({ runId: 'run-1' }),
    'sync:get-status': async () => ({ running: false, progress: null, lastSuccessAt: null, lastError: null, deviceCount: 0 }),
    'prefs:get-preference': async () => ({ value: null }),
    'prefs:set-preference': async () => ({}),
    ...overrides,
  }
  const spied = Object.fromEntries(Object.entries(base).map(([name, fn]) => [name, vi.fn(fn as (...args: unknown[]) => Promise<unknown>)]))
  return spied as unknown as Handlers & Record<keyof Handlers, ReturnType<typeof vi.fn>>
}

/** An ipcMain that records handlers, like Electron's (a second handle() for a channel throws). */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: SenderEvent, payload: unknown) => Promise<unknown>>()
  return {
    handlers,
    handle(channel: string, fn: (event: SenderEvent, payload: unknown) => Promise<unknown>) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, fn)
    },
    removeHandler(channel: string) {
      handlers.delete(channel)
    },
    invoke(channel: string, event: SenderEvent, payload?: unknown) {
      const fn = handlers.get(channel)
      if (!fn) throw new Error(`no handler for ${channel}`)
      return fn(event, payload)
    },
  }
}

export const recordingLog = () => {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = []
  return { lines, log: (level: string, msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields }) }
}
