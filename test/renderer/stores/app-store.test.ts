import { describe, expect, it } from 'vitest'
import { createAppStore } from '@renderer/stores/app-store'
import { createFakeApi } from '@support/renderer/fake-api'

describe('app store', () => {
  it('loads app info at attach', async () => {
    const api = createFakeApi()
    const store = createAppStore(api)
    store.getState().attach()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(store.getState().info?.tenant.displayName).toBe('Contoso Bench')
    expect(store.getState().info?.timeZone).toBe('Europe/Berlin')
  })

  it('keeps the error when info cannot be loaded', async () => {
    const api = createFakeApi({ 'app:get-info': () => ({ ok: false, error: { code: 'unauthorized', message: 'bad token' } }) })
    const store = createAppStore(api)
    await store.getState().reload()
    expect(store.getState()).toMatchObject({ info: null, error: { code: 'unauthorized' } })
  })
})
