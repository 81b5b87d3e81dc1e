import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/create-core'
import { createHandlers } from '../../src/main/core/handlers'
import { embeddedMockTenant } from '../../src/main/core/tenant'
import { startMockIntune } from '../../src/mock-intune'
import { useTempDirs, workerPath } from '../support/temp-dir'

describe('user search (cache first, then Graph v1.0 startswith)', () => {
  const tempDir = useTempDirs()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup() {
    const mock = await startMockIntune({ port: 0, seed: 3, devices: 10 })
    const core = await createCore({ dataDir: tempDir(), tenant: embeddedMockTenant(mock), workerPath: workerPath(), appVersion: 't', transport: 'http' })
    cleanups.push(() => core.close())
    await core.sync.idle()
    return { mock, core, handlers: createHandlers(core), ctx: { correlationId: 'corr-users', log: core.log } }
  }

  it('searches online when the cache has no match, stores the users, then answers from the cache', async () => {
    const { mock, handlers, ctx } = await setup()
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    expect(online.source).toBe('online')
    expect(online.users.length).toBeGreaterThan(0)
    for (const user of online.users) expect(`${user.displayName}|${user.userPrincipalName}`.toLowerCase()).toMatch(/(^a|\|a)/)
    const request = mock.requestLog.find((r) => r.path.toLowerCase().startsWith('/v1.0/users'))
    expect(request?.clientRequestId).toBe('corr-users')
    const again = await handlers['users:search-users']({ query: online.users[0]!.userPrincipalName.slice(0, 4), limit: 10 }, ctx)
    expect(again.source).toBe('cache')
    expect(again.users.map((u) => u.id)).toContain(online.users[0]!.id)
  })

  it('passes quotes safely and says so when Intune cannot be reached', async () => {
    const { mock, handlers, ctx } = await setup()
    const quoted = await handlers['users:search-users']({ query: "o'brien", limit: 5 }, ctx)
    expect(quoted.notice).toBeNull()
    await mock.close()
    const offline = await handlers['users:search-users']({ query: 'zzzz-nobody', limit: 5 }, ctx)
    expect(offline).toMatchObject({ users: [], source: 'cache', notice: { code: 'offline' } })
  }, 20_000)
})
