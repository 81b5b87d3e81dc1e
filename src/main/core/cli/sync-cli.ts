import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { createCore, type Core } from '../create-core'
import { graphRootTenant } from '../tenant'
import { toEnvelopeError } from '../app-error'
import { DataDirBusyError } from '../db/data-dir-lock'
import type { SyncProgress } from '@shared/sync-schemas'
import { parseSyncArgs, syncUsage, tenantIdFor, UsageError, type SyncCliOptions } from './sync-cli-args'

/**
 * `GRAPH_TOKEN=… npm run --silent sync -- --graph-url URL --data-dir DIR`: the app's own full sync
 * (core + database worker) without a window, for Task Scheduler or cron. Contract (README, `--help`):
 * stdout carries exactly one JSON line, whatever happens; progress goes to stderr when it is a terminal;
 * SIGINT/SIGTERM cancel (a second Ctrl+C quits at once); exit 0 = pass complete, 1 = failed or
 * cancelled, 2 = usage.
 */

interface Outcome {
  ok: boolean
  code: string | null
  message: string
  devicesInCache: number | null
}

const started = process.hrtime.bigint()
// Only the final line may reach stdout: anything else written there (a stray console.log, the worker
// thread's console, which Node pipes through process.stdout) goes to stderr instead.
const stdoutWrite = process.stdout.write.bind(process.stdout)
process.stdout.write = process.stderr.write.bind<typeof process.stderr.write>(process.stderr)
console.log = console.error
console.info = console.error
console.debug = console.error

let secret: string | null = null
/** Server-chosen text (error messages) may echo anything back, the token included (as the log's scrubber: 8+ characters). */
const scrub = (text: string) => (secret && secret.length >= 8 ? text.split(secret).join('[token]') : text)
/** No terminal control sequences from a server on our stderr. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')

let printed = false
function printResult(outcome: Outcome): void {
  if (printed) return
  printed = true
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const message = scrub(outcome.message).slice(0, 2000)
  // Built by hand so `seconds` always has three decimals; JSON.stringify escapes line breaks, and
  // U+2028/2029 are escaped too so every JSON-lines reader sees exactly one line.
  const line =
    `{"ok":${outcome.ok},"code":${JSON.stringify(outcome.code)},"message":${JSON.stringify(message)},` +
    `"devicesInCache":${outcome.devicesInCache === null ? 'null' : String(outcome.devicesInCache)},"seconds":${seconds.toFixed(3)}}`
  stdoutWrite(line.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') + '\n')
}

/** Exits once stdout has taken the line (a pipe may be asynchronous, e.g. on Windows). */
function exitAfterFlush(code: number): void {
  process.exitCode = code
  stdoutWrite('', () => process.exit(code))
}

const stderrIsTty = process.stderr.isTTY === true
let progressShown = false
function showProgress(progress: SyncProgress) {
  if (!stderrIsTty) return
  const parts = [`${progress.devices} devices`, `${progress.pages} pages`]
  if (progress.waitingSeconds !== null) parts.push(`waiting ${progress.waitingSeconds} s`)
  const text = printable(scrub(`${progress.phase}: ${progress.message} (${parts.join(', ')})`)).slice(0, (process.stderr.columns || 100) - 1)
  process.stderr.write(`\r\x1b[2K${text}`)
  progressShown = true
}
function note(text: string) {
  if (progressShown) process.stderr.write('\n')
  progressShown = false
  process.stderr.write(`${printable(scrub(text))}\n`)
}

/** The database worker is bundled from source unless AB_DB_WORKER names a built one (tests, packaged use). */
async function workerBundle(): Promise<{ path: string; cleanup: () => void }> {
  const given = process.env.AB_DB_WORKER
  if (given) return { path: given, cleanup: () => undefined }
  const { build } = await import('esbuild')
  mkdirSync(join('node_modules', '.cache'), { recursive: true })
  const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.cache', 'ab-sync-'))
  await build({
    entryPoints: { 'db-worker': 'src/main/core/worker/db-worker.worker.ts', 'cache-check-worker': 'src/main/core/db/cache-check.worker.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'error',
  })
  return { path: join(dir, 'db-worker.cjs'), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

async function runSync(options: SyncCliOptions, signals: { cancelled: boolean; onCancel: (listener: () => void) => void }): Promise<Outcome> {
  secret = options.token
  const worker = await workerBundle()
  let core: Core | null = null
  try {
    try {
      core = await createCore({
        dataDir: options.dataDir,
        tenant: graphRootTenant({
          graphRoot: options.graphRoot,
          id: tenantIdFor(options.graphRoot, options.token),
          displayName: `Graph at ${options.graphRoot}`,
          getToken: async () => options.token,
        }),
        workerPath: worker.path,
        appVersion: 'sync-cli',
        transport: 'http',
      })
    } catch (error) {
      if (error instanceof DataDirBusyError) return { ok: false, code: 'busy', message: error.message, devicesInCache: null }
      const envelope = toEnvelopeError(error)
      return {
        ok: false,
        code: envelope.code === 'internal' ? 'db-unavailable' : envelope.code,
        message: `Could not open the data folder ${options.dataDir}: ${envelope.message}`,
        devicesInCache: null,
      }
    }
    const opened = core
    opened.log.log('info', 'headless sync', { graphRoot: options.graphRoot, tokenSource: options.tokenSource })
    const count = async () => (await opened.db.call('sync.summary', {})).deviceCount
    if (signals.cancelled)
      return { ok: false, code: 'cancelled', message: 'Cancelled before the sync started; nothing was changed.', devicesInCache: await count() }
    opened.bus.subscribe((name, payload) => {
      if (name === 'sync:progress') showProgress(payload as SyncProgress)
    })
    const { runId } = await opened.sync.start(`cli-${randomUUID()}`)
    signals.onCancel(() => {
      note('Cancelling the sync… (press Ctrl+C again to quit at once)')
      void opened.sync.cancel().catch(() => undefined)
    })
    if (signals.cancelled) void opened.sync.cancel().catch(() => undefined)
    await opened.sync.idle()
    const summary = await opened.db.call('sync.summary', {})
    const latest = summary.latest
    if (latest?.id === runId && latest.state === 'complete') {
      return { ok: true, code: null, message: `Synced ${latest.devices} devices.`, devicesInCache: summary.deviceCount }
    }
    if (latest?.id === runId && latest.state === 'failed') {
      return { ok: false, code: latest.errorCode ?? 'internal', message: latest.errorMessage ?? 'The sync failed.', devicesInCache: summary.deviceCount }
    }
    return {
      ok: false,
      code: 'db-unavailable',
      message: 'The database worker stopped during the sync; the next sync starts over. Rows already saved are kept.',
      devicesInCache: summary.deviceCount,
    }
  } finally {
    if (core) await core.close().catch(() => undefined)
    worker.cleanup()
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseSyncArgs(argv, process.env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    note(`${error.message}\n\n${syncUsage}`)
    printResult({ ok: false, code: 'invalid', message: error.message, devicesInCache: null })
    return 2
  }
  if (parsed.help) {
    process.stderr.write(syncUsage)
    printResult({ ok: false, code: 'invalid', message: 'Usage shown (--help); no sync was run.', devicesInCache: null })
    return 2
  }

  // First SIGINT/SIGTERM: cancel, keep what was saved, print the JSON. A second (later) one: quit now.
  // Ctrl+C through `npm run` reaches this process several times within milliseconds (the terminal
  // signals the whole process group, and npm and run-ts forward it too): those count as one.
  const listeners: Array<() => void> = []
  const signals = { cancelled: false, onCancel: (listener: () => void) => void listeners.push(listener) }
  let firstSignalAt = 0
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now()
    if (!signals.cancelled) {
      signals.cancelled = true
      firstSignalAt = now
      for (const listener of listeners) listener()
      return
    }
    if (now - firstSignalAt < 500) return
    note(`${signal} again: quitting at once. Rows already saved are kept; the next sync starts over.`)
    printResult({
      ok: false,
      code: 'cancelled',
      message: 'Stopped at once (second interrupt); rows already saved are kept and nothing was deleted.',
      devicesInCache: null,
    })
    exitAfterFlush(1)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const outcome = await runSync(parsed.options, signals)
  if (progressShown) process.stderr.write('\n')
  if (!outcome.ok) note(`${outcome.code ?? 'error'}: ${outcome.message}`)
  printResult(outcome)
  return outcome.ok ? 0 : 1
}

// Whatever goes wrong, the caller still gets its one JSON line.
process.on('uncaughtException', (error) => {
  note(`internal error: ${error.message}`)
  printResult({ ok: false, code: 'internal', message: error.message, devicesInCache: null })
  exitAfterFlush(1)
})
process.on('unhandledRejection', (reason) => {
  const message = reason instanceof Error ? reason.message : String(reason)
  note(`internal error: ${message}`)
  printResult({ ok: false, code: 'internal', message, devicesInCache: null })
  exitAfterFlush(1)
})

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    note(`internal error: ${message}`)
    printResult({ ok: false, code: 'internal', message, devicesInCache: null })
    exitAfterFlush(1)
  },
)
