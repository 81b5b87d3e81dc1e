import { createHash } from 'node:crypto'
import { bundleFormatVersion, manifestSchema, type BundleManifest } from './bundle-format'
import { ArchiveError, readZipSafely, type ZipEntry } from './safe-unzip'

type Row = Record<string, unknown>

/** What the offline review screen and `diag:inspect` show: exactly what the bundle holds, with what could not be read. */
export interface BundleReview {
  kind: 'autopilot-bench-bundle'
  manifest: BundleManifest
  devices: Row[]
  attempts: Row[]
  outbox: Row[]
  audit: Row[]
  errors: Row[]
  profiles: Row
  logLines: Row[]
  warnings: string[]
}

const decoder = new TextDecoder('utf-8', { fatal: false })

function parseJson<T>(entry: ZipEntry | undefined, fallback: T, warnings: string[]): T {
  if (!entry) return fallback
  try {
    return JSON.parse(decoder.decode(entry.read())) as T
  } catch {
    warnings.push(`${entry.name} is not valid JSON and was skipped.`)
    return fallback
  }
}

/**
 * Opens one of our own bundles read-only, in memory. The manifest decides: an unknown format
 * version is refused; a file whose SHA-256 does not match is reported (and still shown, marked).
 * Nothing from the bundle ever touches the live cache.
 */
export function inspectBundle(bytes: Uint8Array): BundleReview {
  const { entries, skipped } = readZipSafely(bytes)
  const warnings = skipped.map((s) => `Skipped ${JSON.stringify(s.name)}: ${s.reason}.`)
  const byName = new Map(entries.map((e) => [e.name, e]))
  const manifestEntry = byName.get('manifest.json')
  if (!manifestEntry) throw new ArchiveError('This archive has no manifest.json: it is not an Autopilot Bench diagnostics bundle.')
  const parsed = manifestSchema.safeParse(parseJson<unknown>(manifestEntry, null, warnings))
  if (!parsed.success) throw new ArchiveError('The bundle manifest is damaged or not from Autopilot Bench.')
  const manifest = parsed.data
  if (manifest.formatVersion > bundleFormatVersion) {
    throw new ArchiveError(`This bundle was made by a newer Autopilot Bench (format ${manifest.formatVersion}; this app reads up to ${bundleFormatVersion}). Update the app to open it.`)
  }
  for (const file of manifest.files) {
    const entry = byName.get(file.name)
    if (!entry) warnings.push(`${file.name} is listed in the manifest but missing.`)
    else if (createHash('sha256').update(entry.read()).digest('hex') !== file.sha256) warnings.push(`${file.name} does not match its checksum: it was changed after export.`)
  }
  const logText = byName.has('app-log.jsonl') ? decoder.decode(byName.get('app-log.jsonl')!.read()) : ''
  const logLines: Row[] = []
  for (const line of logText.split('\n')) {
    if (!line.trim()) continue
    try {
      logLines.push(JSON.parse(line) as Row)
    } catch {
      logLines.push({ level: 'unreadable', msg: line.slice(0, 500) })
    }
  }
  return {
    kind: 'autopilot-bench-bundle',
    manifest,
    devices: parseJson<Row[]>(byName.get('devices.json'), [], warnings),
    attempts: parseJson<Row[]>(byName.get('attempts.json'), [], warnings),
    outbox: parseJson<Row[]>(byName.get('outbox.json'), [], warnings),
    audit: parseJson<Row[]>(byName.get('audit.json'), [], warnings),
    errors: parseJson<Row[]>(byName.get('errors.json'), [], warnings),
    profiles: parseJson<Row>(byName.get('profiles.json'), {}, warnings),
    logLines,
    warnings,
  }
}
