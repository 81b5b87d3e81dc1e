import type { WorkerContext } from '../devices/devices.worker'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { exportBundle } from './export-bundle.worker'

export interface DiagnosticsExportArgs {
  scope: ExportScope
  redact: { serials: boolean; users: boolean }
  appVersion: string
  tenant: { id: string; displayName: string }
  /** The app's own log folder, inside its data folder (read only). */
  logDir: string
}

/**
 * Diagnostics in the database worker: the export reads the cache and the app log and
 * builds the ZIP here, off the main thread. It only reads; nothing of an opened archive ever comes
 * here (review happens in memory in the core, never in these tables).
 */
export const diagnosticsMethods = {
  'diagnostics.export': (ctx: WorkerContext, args: DiagnosticsExportArgs) => {
    const result = exportBundle(ctx.db, { ...args, onProgress: (progress) => ctx.emit('diagnostics:progress', progress) })
    return { zip: result.zip, manifest: result.manifest, attemptCount: result.attemptCount }
  },
} satisfies Record<string, (ctx: WorkerContext, args: never) => unknown>

export const diagnosticsReadOnlyMethods: readonly string[] = ['diagnostics.export']
