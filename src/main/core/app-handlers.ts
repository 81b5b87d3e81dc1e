import type { Core } from './create-core'
import type { Handlers } from './handler-types'

/** What the app is and how it is connected; answered from the core's own settings. */
export function createAppHandlers(core: Core): Pick<Handlers, 'app:get-info'> {
  return {
    'app:get-info': async () => ({
      version: core.appVersion,
      transport: core.transport,
      timeZone: core.timeZone,
      tenant: { id: core.tenant.id, displayName: core.tenant.displayName, kind: core.tenant.kind },
      ...(core.dataDirWarning ? { dataDirWarning: core.dataDirWarning } : {}),
      ...(core.database.notice ? { databaseNotice: core.database.notice } : {}),
      dataDir: core.dataDir,
    }),
  }
}
