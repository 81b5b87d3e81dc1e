import { describe, expect, it, vi } from 'vitest'
import type { PreloadBridge } from '@shared/api'
import { createIpcApi } from '@renderer/api/ipc-api'

function fakeBridge(invoke: PreloadBridge['invoke'] = async () => ({ ok: true, value: {} })) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const bridge: PreloadBridge = {
    invoke: vi.fn(invoke),
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload))
  return { bridge, emit, count: (event: string) => listeners.get(event)?.size ?? 0 }
}

describe('createIpcApi', () => {
  it('passes channel and request to the bridge and the envelope back', async () => {
    const { bridge } = fakeBridge(async () => ({ ok: true, value: { runId: 'r' } }))
    const api = createIpcApi(bridge)
    expect(await api.invoke('sync:start-sync', {})).toEqual({ ok: true, value: { runId: 'r' } })
    expect(bridge.invoke).toHaveBeenCalledWith('sync:start-sync', {})
  })

  it('passes failure envelopes through', async () => {
    const { bridge } = fakeBridge(async () => ({ ok: false, error: { code: 'busy', message: 'already' } }))
    expect(await createIpcApi(bridge).invoke('sync:start-sync', {})).toEqual({ ok: false, error: { code: 'busy', message: 'already' } })
  })

  it('turns a rejected promise into an internal envelope', async () => {
    const { bridge } = fakeBridge(async () => {
      throw new Error('No handler registered')
    })
    expect(await createIpcApi(bridge).invoke('app:get-info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'No handler registered' } })
  })

  it('turns a non-envelope answer into internal', async () => {
    const { bridge } = fakeBridge(async () => 'hello')
    expect(await createIpcApi(bridge).invoke('app:get-info', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('delivers events and unsubscribes for real', () => {
    const { bridge, emit, count } = fakeBridge()
    const api = createIpcApi(bridge)
    const seen: unknown[] = []
    const off = api.on('data:changed', (payload) => seen.push(payload))
    expect(count('data:changed')).toBe(1)
    emit('data:changed', { topics: ['devices'] })
    off()
    off()
    expect(count('data:changed')).toBe(0)
    emit('data:changed', { topics: ['devices'] })
    expect(seen).toEqual([{ topics: ['devices'] }])
  })

  it('ignores a bridge that keeps calling after unsubscribe, and malformed payloads', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    let captured: ((payload: unknown) => void) | undefined
    const bridge: PreloadBridge = {
      invoke: async () => null,
      on: (_event, listener) => {
        captured = listener
        return () => undefined // a leaky bridge
      },
    }
    const seen: unknown[] = []
    const off = createIpcApi(bridge).on('data:changed', (payload) => seen.push(payload))
    captured?.({ topics: 'devices' })
    expect(seen).toEqual([])
    off()
    captured?.({ topics: ['devices'] })
    expect(seen).toEqual([])
  })
})
