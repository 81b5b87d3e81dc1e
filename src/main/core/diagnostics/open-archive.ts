import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { inspectBundle } from './inspect-bundle'
import { ArchiveError, readZipSafely } from './safe-unzip'
import { CAB_NOT_SUPPORTED_MESSAGE, inspectWindowsArchive, sniffContainer } from './windows'
import { toWindowsReview } from './windows-review'

/**
 * Opens whatever the user dropped: one of our bundles (it has our manifest.json), or Windows' own
 * diagnostics (MDMDiagnosticsTool ZIP, the Intune download). Everything stays in memory; a CAB or
 * anything unreadable is an ArchiveError whose message says what to do instead.
 */
export function openArchive(bytes: Uint8Array, fileName: string): ArchiveReview {
  const container = sniffContainer(bytes.subarray(0, 4))
  if (container === 'cab') throw new ArchiveError(CAB_NOT_SUPPORTED_MESSAGE)
  if (container !== 'zip')
    throw new ArchiveError(`${fileName} is not a ZIP archive. Open an Autopilot Bench bundle or the ZIP that MDMDiagnosticsTool.exe or Intune produced.`)
  const { entries, skipped } = readZipSafely(bytes)
  const manifest = entries.find((e) => e.name === 'manifest.json')
  if (manifest && new TextDecoder().decode(manifest.read().subarray(0, 4096)).includes('"autopilot-bench"')) return inspectBundle(bytes, fileName)
  return toWindowsReview(inspectWindowsArchive(entries), fileName, skipped)
}
