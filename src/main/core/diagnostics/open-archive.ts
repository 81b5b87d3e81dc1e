import type { ArchiveReview } from '@shared/diagnostics-schemas'
import { readCabSafely } from './cab/cab-reader'
import { isEvtx } from './evtx'
import { inspectBundle } from './inspect-bundle'
import { ArchiveError, ArchiveLimitError, defaultUnzipLimits, readZipSafely, type UnzipLimits } from './safe-unzip'
import { inspectWindowsArchive, sniffContainer } from './windows'
import { toWindowsReview } from './windows-review'

/**
 * Opens whatever the user dropped: one of our bundles (a ZIP with our manifest.json), or Windows' own
 * diagnostics (the MDMDiagnosticsTool CAB or ZIP, the Intune download). Everything stays in memory;
 * anything unreadable is an ArchiveError whose message says what to do instead. The archive is read
 * once, under one set of limits (safe-unzip.ts for a ZIP, cab/cab-reader.ts for a CAB, the same
 * limits); a limit hit while reading an entry refuses the whole archive, even where the review would
 * list an unreadable entry and go on. Archives inside the archive are listed, not opened.
 */
export function openArchive(bytes: Uint8Array, fileName: string, limits: UnzipLimits = defaultUnzipLimits, options: OpenOptions = {}): ArchiveReview {
  if (isEvtx(bytes.subarray(0, 8))) return openEventLog(bytes, fileName, options)
  const container = sniffContainer(bytes.subarray(0, 4))
  if (container === 'cab') {
    // Our bundles are always ZIPs, so a CAB is Windows' own diagnostics.
    const cab = readCabSafely(bytes, limits)
    const review = toWindowsReview(inspectWindowsArchive(cab.entries, { eventRows: options.eventRows }), fileName, { ...cab, container: 'cab' })
    if (cab.refused) throw cab.refused
    return review
  }
  if (container !== 'zip') {
    // Named .evtx but without an event log's signature: say that, not "not a ZIP or a CAB".
    if (/\.evtx$/i.test(fileName))
      throw new ArchiveError(
        `${fileName} is not a readable Windows event log: it does not start the way an .evtx file does (it may be damaged, or only partly copied). Save the log again from Event Viewer (Save All Events As… › .evtx), or open the diagnostics CAB or ZIP it came from.`,
      )
    throw new ArchiveError(
      `${fileName} is not a ZIP archive, a CAB file or a Windows event log (.evtx). Open an Autopilot Bench bundle, the CAB or ZIP that MDMDiagnosticsTool.exe or Intune produced, or an .evtx file.`,
    )
  }
  const zip = readZipOf(bytes, fileName, limits)
  const manifest = zip.entries.find((e) => e.name === 'manifest.json')
  const review =
    manifest && new TextDecoder().decode(manifest.read().subarray(0, 4096)).includes('"autopilot-bench"')
      ? inspectBundle(bytes, fileName, zip, { eventRows: options.eventRows })
      : toWindowsReview(inspectWindowsArchive(zip.entries, { eventRows: options.eventRows }), fileName, { ...zip, container: 'zip' })
  if (zip.refused) throw zip.refused
  return review
}

/** A file size as the review shows sizes (binary units, "MB"): "12.4 MB". */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB']
  let size = bytes / 1024
  let unit = 0
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024
    unit++
  }
  return `${size < 10 ? Math.round(size * 10) / 10 : Math.round(size)} ${units[unit]}`
}

/**
 * The ZIP's structure read, or why not in words a technician can act on: which file, its size, and what
 * to do. A file that starts like a ZIP but does not read to its end is nearly always a download or copy
 * that did not finish. A broken limit is left as it is (it says which limit).
 */
function readZipOf(bytes: Uint8Array, fileName: string, limits: UnzipLimits) {
  try {
    return readZipSafely(bytes, limits)
  } catch (error) {
    if (!(error instanceof ArchiveError) || error instanceof ArchiveLimitError) throw error
    const why = /no end-of-archive record/.test(error.message)
      ? 'it ends without the end-of-archive record every ZIP finishes with, so it was cut short.'
      : error.message.replace(/\.?$/, '.')
    throw new ArchiveError(
      `${fileName} (${sizeInWords(bytes.length)}) is a damaged or incomplete ZIP: ${why} This is most often a download or copy that did not finish. Copy it again in full (its size should match the original's), or export the bundle again (for Windows diagnostics, collect them again).`,
    )
  }
}

export interface OpenOptions {
  /** Keep every event's System fields in the review's event logs (`diag:inspect`); the app never asks for them. */
  eventRows?: boolean
}

/**
 * A standalone .evtx (recognised by its `ElfFile` signature): the review of that one log; refused when
 * not even its header reads. A log whose header reads but whose every chunk is damaged or cut short is
 * reviewed, listed as not read with why (not as a log with no events).
 */
function openEventLog(bytes: Uint8Array, fileName: string, options: OpenOptions): ArchiveReview {
  // The signature decided; the name only has to say "event log" to the archive reader.
  const name = /\.evtx$/i.test(fileName) ? fileName : `${fileName}.evtx`
  const report = inspectWindowsArchive([{ name, size: bytes.length, read: () => bytes }], { eventRows: options.eventRows })
  const log = report.eventLogs[0]
  if (!log || (!log.parsed && !(log.summary && log.summary.damaged > 0))) {
    const why = (report.notParsed[0]?.reason ?? 'it could not be read').replace(/^Event log not readable: /, '')
    throw new ArchiveError(
      `${fileName} is not a readable event log: ${why.replace(/\.?$/, '.')} Export the log again with Event Viewer (Save All Events As… .evtx) or wevtutil epl.`,
    )
  }
  log.name = fileName
  if (log.summary) log.summary.file = fileName
  for (const entry of report.notParsed) if (entry.name === name) entry.name = fileName
  report.kind = 'event-log'
  report.warnings = report.warnings.filter((w) => !w.startsWith('No MdmDiagReport_RegistryDump.reg')).map((w) => w.replace(name, fileName))
  return { ...toWindowsReview(report, fileName, { skipped: [], container: 'evtx' }), notFound: [] }
}
