import { afterEach } from 'vitest'
import { createCore, type CoreOptions } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { embeddedMockTenant } from '@core/tenant'
import { startMockIntune, type MockIntuneOptions } from '@mock-intune'
import { useTempDirs, workerPath } from './temp-dir'

/**
 * The common integration fixture: the real mock Intune API, a real core (worker, SQLite file) on a
 * temp data folder, optionally synced once, plus handlers and a handler context. Closed after each test.
 */
export function useCoreOnMock() {
  const tempDir = useTempDirs()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return async (mockOptions: MockIntuneOptions, options: { sync?: boolean; correlationId?: string; core?: Partial<CoreOptions> } = {}) => {
    const mock = await startMockIntune({ port: 0, ...mockOptions })
    const dataDir = tempDir()
    const core = await createCore({
      dataDir,
      tenant: embeddedMockTenant(mock),
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http',
      ...options.core,
    })
    cleanups.push(() => core.close())
    if (options.sync !== false) {
      await core.sync.start('fixture-sync')
      await core.sync.idle()
    }
    const handlers = createHandlers(core)
    const ctx = { correlationId: options.correlationId ?? 'corr-test', log: core.log }
    return { mock, core, handlers, ctx, dataDir }
  }
}
