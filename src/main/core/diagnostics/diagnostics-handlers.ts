import { join } from 'node:path'
import type { Core } from '../create-core'
import type { Handlers } from '../handlers'
import { AppFailure } from '../app-error'
import { openArchive } from './open-archive'
import { ArchiveError } from './safe-unzip'
import { maxArchiveBytes } from '@shared/diagnostics-schemas'

type DiagnosticsChannel = Extract<keyof Handlers, `diagnostics:${string}`>

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

/**
 * Export (in the database worker) and offline review (here, in memory). An opened archive is
 * decoded, read and answered; it is never written anywhere, and never touches the live cache.
 */
export function createDiagnosticsHandlers(core: Core): Pick<Handlers, DiagnosticsChannel> {
  return {
    'diagnostics:export-bundle': async (request) => {
      const result = await core.db.call('diagnostics.export', {
        scope: request.scope,
        redact: request.redact,
        appVersion: core.appVersion,
        tenant: { id: core.tenant.id, displayName: core.tenant.displayName },
        logDir: join(core.dataDir, 'logs'),
      })
      const zip = Buffer.from(result.zip.buffer, result.zip.byteOffset, result.zip.byteLength)
      const scope = `${request.scope.kind}-${request.scope.id}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)
      return {
        fileName: `autopilot-bench-diagnostics-${scope}-${stamp(result.manifest.createdAt)}.zip`,
        bytesBase64: zip.toString('base64'),
        bytes: zip.length,
        deviceCount: result.manifest.scope.deviceCount,
        attemptCount: result.attemptCount,
      }
    },
    'diagnostics:open-archive': async (request) => {
      const bytes = Buffer.from(request.bytesBase64, 'base64')
      if (bytes.length === 0) throw new AppFailure('invalid', `${request.name} is empty or not base64.`)
      if (bytes.length > maxArchiveBytes) throw new AppFailure('invalid', `${request.name} is larger than 200 MB; it was not opened.`)
      try {
        return openArchive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), request.name)
      } catch (error) {
        if (error instanceof ArchiveError) throw new AppFailure('invalid', error.message)
        throw error
      }
    },
  }
}
