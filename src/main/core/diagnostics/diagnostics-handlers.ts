import { join } from 'node:path'
import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { openArchiveInWorker } from './open-archive-in-worker'
import { withAppNames } from './review-names'

type DiagnosticsChannel = Extract<keyof Handlers, `diagnostics:${string}`>

/**
 * Export (in the database worker, which knows the cache; the core adds who is exporting) and offline
 * review (in a short-lived archive worker, in memory). An opened archive is decoded, read and
 * answered; it is never written anywhere, and never touches the live cache.
 */
export function createDiagnosticsHandlers(core: Core): Pick<Handlers, DiagnosticsChannel> {
  return {
    'diagnostics:export-bundle': (request) =>
      core.db.call('diagnostics.export', {
        scope: request.scope,
        redact: request.redact,
        appVersion: core.appVersion,
        tenant: { id: core.tenant.id, displayName: core.tenant.displayName },
        logDir: join(core.dataDir, 'logs'),
        appRoot: core.appRoot,
      }),
    // The archive worker has no database: app names are added here from the cached catalogue.
    'diagnostics:open-archive': async (request, ctx) =>
      withAppNames(await openArchiveInWorker(core.archiveWorkerPath, { name: request.name, bytesBase64: request.bytesBase64 }, ctx.signal), (ids) =>
        core.db.call('apps.names', { ids }),
      ),
  }
}
