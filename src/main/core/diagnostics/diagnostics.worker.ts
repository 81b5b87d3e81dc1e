import type { ResponseOf } from '@shared/channels'
import { exportBundle, type ExportOptions } from './export-bundle.worker'
import { internalMethod } from '../worker/method'

/** What the export needs from the main thread: the options of `exportBundle` less its test seams. */
export type DiagnosticsExportArgs = Pick<ExportOptions, 'scope' | 'redact' | 'appVersion' | 'tenant' | 'logDir' | 'appRoot'>

/**
 * Diagnostics in the database worker: the export reads the cache and the app log, builds the ZIP
 * and encodes it here, off the main thread. It only reads; nothing of an opened archive ever comes
 * here (review happens in the archive worker, in memory, never in these tables).
 */
export const diagnosticsMethods = {
  ...internalMethod('diagnostics.export', { readOnly: true }, (ctx, args: DiagnosticsExportArgs): ResponseOf<'diagnostics:export-bundle'> => {
    const result = exportBundle(ctx.db, { ...args, onProgress: (progress) => ctx.emit('diagnostics:progress', progress) })
    const zip = Buffer.from(result.zip.buffer, result.zip.byteOffset, result.zip.byteLength)
    return {
      fileName: result.fileName,
      bytesBase64: zip.toString('base64'),
      bytes: zip.length,
      deviceCount: result.manifest.scope.deviceCount,
      attemptCount: result.attemptCount,
    }
  }),
}
