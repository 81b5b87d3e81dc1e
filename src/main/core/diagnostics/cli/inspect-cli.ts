import { readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { maxArchiveBytes } from '@shared/diagnostics-schemas'
import { openArchive } from '../open-archive'
import { ArchiveError } from '../safe-unzip'
import { eventLogsSummary, inspectSummary } from './inspect-summary'

const USAGE = 'usage: npm run --silent diag:inspect -- [--events] FILE (.zip, .cab or .evtx; the format is recognised by its first bytes)\n'

/**
 * `npm run --silent diag:inspect -- [--events] FILE`: the offline review as JSON on stdout, without
 * the app. FILE is our bundle or Windows diagnostics (ZIP, CAB) or one event log (.evtx); the first
 * bytes decide (`PK`, `MSCF`, `ElfFile`), not the name. `--events` prints every event of the event
 * logs as one JSON object per line instead. Exit 0: readable (warnings may still say what was
 * skipped). Exit 1: not readable, with `{"error":{"code","message"}}` on stdout and the message on
 * stderr. Exit 2: usage.
 */
function main(argv: string[]): number {
  const events = argv.includes('--events')
  const args = argv.filter((a) => a !== '--events')
  const file = args[0]
  if (!file || args.length > 1 || file === '--help' || file.startsWith('--')) {
    process.stderr.write(USAGE)
    return 2
  }
  const fail = (code: string, message: string) => {
    process.stdout.write(JSON.stringify({ error: { code, message } }) + '\n')
    process.stderr.write(`${message}\n`)
    return 1
  }
  let size: number
  try {
    size = statSync(file).size
  } catch {
    return fail('not-found', `Cannot read ${file}: no such file.`)
  }
  if (size > maxArchiveBytes) return fail('too-large', `${file} is larger than 200 MB; it was not opened.`)
  try {
    const review = openArchive(new Uint8Array(readFileSync(file)), basename(file), undefined, { eventRows: true })
    if (review.kind === 'windows' && review.archiveKind === 'unknown' && !review.eventLogs.some((log) => log.parsed)) {
      return fail(
        'not-diagnostics',
        `${file} is a ${review.container === 'cab' ? 'CAB' : 'ZIP'}, but neither an Autopilot Bench bundle nor Windows diagnostics (no registry dump, AutopilotDDSZTDFile.json or known Autopilot event log).`,
      )
    }
    if (events) {
      const lines = eventLogsSummary(review).flatMap((log) => log.events.map((e) => JSON.stringify(e)))
      process.stdout.write(lines.length ? lines.join('\n') + '\n' : '')
      return 0
    }
    process.stdout.write(JSON.stringify(inspectSummary(review), null, 2) + '\n')
    return 0
  } catch (error) {
    if (error instanceof ArchiveError) return fail('unreadable', error.message)
    return fail('internal', `Could not read ${file}: ${(error as Error).message}`)
  }
}

process.exitCode = main(process.argv.slice(2))
