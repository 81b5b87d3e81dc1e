import { describe, expect, it, vi } from 'vitest'
import type { FakeElectron } from '@support/fake-electron'

vi.mock('electron', async () => (await import('@support/fake-electron')).createFakeElectron())
// The embedded mock tenant is another room's module; the entry point only passes it along.
vi.mock('@mock-intune', () => ({ startMockIntune: vi.fn() }))

describe('src/main/index.ts', () => {
  it('starts the shell with the real Electron objects: scheme registered synchronously, before ready', async () => {
    const electron = (await import('electron')) as unknown as FakeElectron
    await import('@main/index')
    expect(electron.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app' })])
    expect(electron.BrowserWindow.instances).toHaveLength(0) // nothing else happens until ready
    expect(electron.app.quits).toBe(0)
  })
})
