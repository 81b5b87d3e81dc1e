import { createHash } from 'node:crypto'
import type { BundleReviewModel } from '@shared/diagnostics-schemas'
import { learnLinks } from '@shared/domain/citation'
import { bundleFormatVersion, manifestSchema } from './bundle-format'
import { summarizeEventLog } from './evtx'
import { toEventLogReview } from './evtx/event-log-review'
import { ArchiveError, readZipSafely, type UnzipResult, type ZipEntry } from './safe-unzip'
import { toLogLine, toReviewAttempt } from './review-attempts'
import { buildSummaryQr } from './summary-qr'

type Row = Record<string, unknown>

/** The review shows the newest lines up to this many; the log viewer must stay responsive. */
export const maxReviewLogLines = 20_000

const decoder = new TextDecoder('utf-8', { fatal: false })

type FileIssues = NonNullable<BundleReviewModel['fileIssues']>

function parseJson<T>(entry: ZipEntry | undefined, fallback: T, check: (value: unknown) => boolean, warnings: string[], issues?: FileIssues): T {
  if (!entry) return fallback
  try {
    const value = JSON.parse(decoder.decode(entry.read())) as unknown
    if (check(value)) return value as T
    warnings.push(`${entry.name} does not have the expected shape and was skipped.`)
  } catch {
    warnings.push(`${entry.name} is not valid JSON and was skipped.`)
  }
  if (issues) issues[entry.name] = 'unreadable'
  return fallback
}
const isRows = (value: unknown) => Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Opens one of our own bundles read-only, in memory. The manifest decides: an unknown format
 * version is refused; a file whose SHA-256 does not match is reported (and still shown). Nothing
 * from the bundle ever touches the live cache.
 */
export function inspectBundle(
  bytes: Uint8Array,
  fileName = 'bundle.zip',
  zip: UnzipResult = readZipSafely(bytes),
  options: { eventRows?: boolean } = {},
): BundleReviewModel & { names?: Record<string, string> } {
  const { entries, skipped } = zip
  const warnings = skipped.map((s) => `Skipped ${JSON.stringify(s.name)}: ${s.reason}.`)
  const byName = new Map(entries.map((e) => [e.name, e]))
  const manifestEntry = byName.get('manifest.json')
  if (!manifestEntry) throw new ArchiveError('This archive has no manifest.json: it is not an Autopilot Bench diagnostics bundle.')
  const parsed = manifestSchema.safeParse(parseJson<unknown>(manifestEntry, null, () => true, warnings))
  if (!parsed.success) throw new ArchiveError('The bundle manifest is damaged or not from Autopilot Bench. Copy the bundle again in full, or export it again.')
  const manifest = parsed.data
  if (manifest.formatVersion > bundleFormatVersion) {
    throw new ArchiveError(
      `This bundle was made by a newer Autopilot Bench (format ${manifest.formatVersion}; this app reads up to ${bundleFormatVersion}). Update the app to open it.`,
    )
  }
  // Which files the sections are built from could not be trusted: the review says so beside each section, not only at the top.
  const fileIssues: FileIssues = {}
  for (const file of manifest.files) {
    const entry = byName.get(file.name)
    if (!entry) {
      warnings.push(`${file.name} is listed in the manifest but missing.`)
      fileIssues[file.name] = 'missing'
    } else if (createHash('sha256').update(entry.read()).digest('hex') !== file.sha256) {
      warnings.push(`${file.name} does not match its checksum: it was changed after export.`)
      fileIssues[file.name] = 'changed'
    }
  }
  const logText = byName.has('app-log.jsonl') ? decoder.decode(byName.get('app-log.jsonl')!.read()) : ''
  const rawLines = logText.split('\n').filter((line) => line.trim() !== '')
  const attempts = parseJson<Row[]>(byName.get('attempts.json'), [], isRows, warnings, fileIssues)
  const reviewAttempts = attempts.map(toReviewAttempt)
  const states = attempts.map((a) => (isObject(a.state) ? (a.state as NonNullable<Parameters<typeof buildSummaryQr>[0][number]['state']>) : null))
  const summaryQr = buildSummaryQr(
    reviewAttempts.map((a, i) => ({ ...a, state: states[i] ?? null })),
    new Date(manifest.createdAt),
  )
  // Event logs a technician added to the bundle (or a later format exports): read as in a Windows archive.
  const eventLogs = entries
    .filter((e) => /\.evtx$/i.test(e.name))
    .map((e) => {
      const summary = summarizeEventLog(e.read(), e.name, { rows: options.eventRows ?? false })
      if (summary.error) warnings.push(`${e.name}: not a readable event log (${summary.error}).`)
      else for (const problem of summary.problems) warnings.push(`${e.name}: ${problem}`)
      return toEventLogReview({ name: e.name, size: e.size, channel: summary.channels[0] ?? null, hint: null, summary })
    })
  // Bundles from before app-names.json have none; names the reviewing machine knows are added later.
  const appNames = Object.fromEntries(
    Object.entries(parseJson<Row>(byName.get('app-names.json'), {}, isObject, warnings)).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && /^[0-9a-f-]{36}$/.test(entry[0]),
    ),
  )
  const model: BundleReviewModel & { names?: Record<string, string> } = {
    kind: 'bundle',
    fileName,
    manifest: {
      ...manifest,
      scope: {
        kind: manifest.scope.kind,
        id: manifest.scope.id,
        name: manifest.scope.name ?? null,
        // Day bundles before the bench's own zone was kept covered a UTC day.
        ...(manifest.scope.kind === 'day' ? { timeZone: manifest.scope.timeZone ?? 'UTC' } : {}),
        deviceCount: manifest.scope.deviceCount,
        since: manifest.scope.since,
      },
    },
    devices: parseJson<Row[]>(byName.get('devices.json'), [], isRows, warnings, fileIssues),
    profiles: parseJson<Row>(byName.get('profiles.json'), {}, isObject, warnings),
    attempts: reviewAttempts,
    errors: parseJson<Row[]>(byName.get('errors.json'), [], isRows, warnings, fileIssues).map(toReviewError),
    outbox: parseJson<Row[]>(byName.get('outbox.json'), [], isRows, warnings, fileIssues),
    audit: parseJson<Row[]>(byName.get('audit.json'), [], isRows, warnings, fileIssues),
    logLines: rawLines.slice(-maxReviewLogLines).map(toLogLine),
    logLineTotal: rawLines.length,
    summaryQr,
    ...(Object.keys(fileIssues).length > 0 ? { fileIssues } : {}),
    eventLogs,
    ...(Object.keys(appNames).length > 0 ? { names: appNames } : {}),
    warnings:
      rawLines.length > maxReviewLogLines ? [...warnings, `The log has ${rawLines.length} lines; the newest ${maxReviewLogLines} are shown.`] : warnings,
  }
  // A limit hit while reading a file refuses the bundle, even where a parse error would only be a warning.
  if (zip.refused) throw zip.refused
  return model
}

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback)

/** errors.json of format 2 is already in review shape; format 1 had {code,title,meaning,action,steps,citation} or {code,status}. */
function toReviewError(row: Row): BundleReviewModel['errors'][number] {
  const status = row.status === 'undocumented' || row.status === 'unknown' ? row.status : row.title ? 'known' : 'unknown'
  const citation = row.citation
  return {
    code: text(row.code, '?'),
    status,
    title: text(row.title, status === 'undocumented' ? 'No documented meaning' : 'Not in the knowledge base'),
    meaning: text(row.meaning),
    action: typeof row.action === 'string' ? row.action : null,
    steps: Array.isArray(row.steps) ? row.steps.filter((s): s is string => typeof s === 'string') : [],
    citation: typeof citation === 'string' ? citation : citation && typeof citation === 'object' ? JSON.stringify(citation) : null,
    links: learnLinks(row.links),
  }
}
