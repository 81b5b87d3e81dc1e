import { describe, expect, it, vi } from 'vitest'
import type { FakeElectron } from '@support/fake-electron'

vi.mock('electron', async () => (await import('@support/fake-electron')).createFakeElectron())

describe('preload entry', () => {
  it('exposes exactly one global, `api`, with only invoke and on', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron
    await import('@preload/index')
    expect(electron.contextBridge.exposed.map(({ key }) => key)).toEqual(['api'])
    const api = electron.contextBridge.exposed[0]!.api as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true)
    // Nothing Electron-shaped leaks through: no ipcRenderer, no send/sendSync.
    expect(api).not.toHaveProperty('ipcRenderer')
    expect(api).not.toHaveProperty('send')
  })

  it('routes the exposed api to ipcRenderer', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron
    await import('@preload/index')
    const api = electron.contextBridge.exposed[0]!.api as { invoke(c: string, r: unknown): Promise<unknown> }
    await api.invoke('sync:get-status', {})
    expect(electron.ipcRenderer.invoked.map(({ channel }) => channel)).toContain('sync:get-status')
  })
})
