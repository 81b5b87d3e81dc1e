import type Database from 'better-sqlite3'
import { AppFailure, toEnvelopeError } from '../app-error'
import type { GraphClient, TryInfo } from '../graph/graph-client'
import { pagingLoop, prefetchPages, type PrefetchedPage } from '../graph/paging'
import { afterOnePoll, eitherAborts, throwIfCancelled } from '../graph/wait'
import { mapGraphDevice } from '../graph/device-mapper'
import { createDevicesRepo, type DeviceRow } from '../repos/devices-repo'
import { createBulkWriter, yieldToOtherCalls, type BulkWriterOptions } from './bulk-writer'
import { warmAnchors } from '../repos/device-anchors'
import { fetchDirectory, writeDirectory } from './sync-profiles.worker'
import { createSyncRunsRepo } from '../repos/sync-runs-repo'
import { createProfilesRepo } from '../repos/profiles-repo'
import type { SyncProgress, SyncWait } from '@shared/sync-schemas'
import { count } from '@shared/domain/words'
import type { LogSink } from '../logging/log-sink'

export interface FullSyncDeps {
  db: Database.Database
  graph: GraphClient
  /** Graph v1.0 (groups); the beta client above serves Autopilot resources. */
  graphV1?: GraphClient
  log: LogSink
  runId: string
  correlationId: string
  onProgress: (progress: SyncProgress) => void
  now?: () => Date
  writer?: BulkWriterOptions
  /** Cancels the run (`sync.cancel`): requests, waits before retries and the loop between pages stop with 'cancelled'. */
  signal?: AbortSignal
  /**
   * Called after a page is written, at most once per `devicesWrittenEveryMs` (default 2 s) and never in
   * a run's first interval: the device lists re-read their window, so they grow with a long first sync
   * instead of showing the first page's count until the end (the status bar already counts along).
   */
  onDevicesWritten?: () => void
  devicesWrittenEveryMs?: number
  /** While the next device page is awaited, the progress (its falling rate) is told again this often (default 2 s). */
  rateEveryMs?: number
  /**
   * Hands over a function to call when another call of the app finds Intune unreachable (the clients'
   * `unreachableElsewhere` then says so): a try's words then say at once that it is the last. Whether a try
   * is the last is the clients' own rule (graph-client `noAnswerEndsTry`), asked by the retry and the words alike.
   */
  onIntuneUnreachable?: (listener: () => void) => void
}

const devicesPath = '/deviceManagement/windowsAutopilotDeviceIdentities'
/** Graph offers no $count for Autopilot devices; this bounds a server that pages forever. */
const maxPages = 5_000

function rowsOf(body: unknown): DeviceRow[] {
  const value = (body as { value?: unknown })?.value
  if (!Array.isArray(value)) throw new AppFailure('upstream', 'Intune sent a device page without a "value" list.')
  return value.map(mapGraphDevice).filter((row): row is DeviceRow => row !== null)
}

/**
 * Full pass over Autopilot devices. Graph has no delta, ETag or modified time for these
 * (docs/reference/graph-api.md B12), so every sync lists everything and diffs by id: rows the pass did not see
 * are deleted — but only after a pass that reached the last page, never after an interrupted one.
 * The next page is fetched while the current one is written.
 */
export async function runFullSync(deps: FullSyncDeps): Promise<{ devices: number; pages: number }> {
  // Stops what the run still has in flight (a page asked for ahead, the directory's reads) when it
  // ends, however it ends.
  const runStop = new AbortController()
  const runSignal = eitherAborts(deps.signal, runStop.signal)
  // The first page is asked for before anything else: the run's set-up (statements, its sync_runs
  // row, the directory's first reads) then happens while Graph answers, not before (2–4 ms).
  const { devicePages, firstPage } = askForDevicePages(deps, runSignal)
  firstPage.catch(() => undefined) // awaited by the pass; a failure while it sets up is not unhandled
  try {
    // The request is only handed to fetch after the client's `await getToken()`, a microtask that ran
    // after the whole set-up below when it followed at once (3–8 ms in the trace); and its connection
    // is written to in a poll. One poll first, and the set-up overlaps the wait as intended.
    await afterOnePoll()
    return await passOverDevices(deps, { devicePages, firstPage, runSignal })
  } finally {
    runStop.abort()
    // A pass that stopped between pages leaves the stream suspended: close it (its own signal).
    void devicePages.return(undefined).catch(() => undefined)
  }
}

/** A flag that turns true once `promise` settles, either way (the caller still awaits it for its value). */
function hasSettled(promise: Promise<unknown>): () => boolean {
  let settled = false
  const settle = () => {
    settled = true
  }
  promise.then(settle, settle)
  return () => settled
}

/** Starts the device listing with its first request. Never throws: an address the client refuses fails the first page. */
function askForDevicePages(deps: FullSyncDeps, runSignal: AbortSignal): Pick<DevicePages, 'devicePages' | 'firstPage'> {
  // Every link goes through the client's origin check (B14) before the token is attached; links are
  // taken verbatim and a repeat ends the run with 'paging-loop' (docs/reference/graph-api.md B2, B11).
  const fetchPage = (link: string, stop: AbortSignal, onNextLink: (link: string) => void) =>
    deps.graph.getJson(link, { correlationId: deps.correlationId, signal: eitherAborts(runSignal, stop), onNextLink })
  try {
    const first = deps.graph.urlOf(devicesPath)
    const devicePages = prefetchPages(first, fetchPage, new Set([first]), 'Autopilot devices')
    return { devicePages, firstPage: devicePages.next() }
  } catch (error) {
    // Recorded like any failed request: the pass's catch marks the run failed and says why.
    return { devicePages: (async function* () {})(), firstPage: Promise.reject(error) }
  }
}

/** A request still unanswered past graph-client's slowAnswerMs: Intune is not answering, whatever "Online" said before. */
const noAnswerWords = (timeoutMs: number) => `Intune is not answering — waiting up to ${Math.round(timeoutMs / 1000)} s, then trying again`

interface DevicePages {
  devicePages: AsyncGenerator<PrefetchedPage, void, undefined>
  firstPage: Promise<IteratorResult<PrefetchedPage, void>>
  /** Aborts with a cancel and when the run ends. */
  runSignal: AbortSignal
}

async function passOverDevices(deps: FullSyncDeps, { devicePages, firstPage, runSignal }: DevicePages): Promise<{ devices: number; pages: number }> {
  const now = deps.now ?? (() => new Date())
  const devices = createDevicesRepo(deps.db)
  const writer = createBulkWriter(deps.db, deps.writer)
  const runs = createSyncRunsRepo(deps.db)
  const expected = devices.count()
  const started = Date.now()
  runs.start(deps.runId, now().toISOString())
  const seenIds = new Set<string>()
  let pages = 0
  const listsEveryMs = deps.devicesWrittenEveryMs ?? 2000
  let listsToldAt = Date.now()
  // What the run is doing when it is not waiting: a wait's words are shown in its phase, and taken back after it.
  let doing: { phase: SyncProgress['phase']; message: string } = { phase: 'devices', message: 'Downloading Autopilot devices' }
  // A request Intune has not answered for a while (graph-client onSlowAnswer): said until it ends, over
  // the finishing phase's own words. Device pages that still arrive say so instead.
  let slowSince: { at: number; timeoutMs: number; tries: TryInfo | null; client: GraphClient } | null = null
  const clients = [deps.graph, deps.graphV1].filter((client): client is GraphClient => client !== undefined)
  // Since when Intune has answered nothing of this run: its last answer to either client, or the run's start.
  const silentSince = () => new Date(Math.max(started, ...clients.map((client) => client.lastAnswerAt?.() ?? 0))).toISOString()
  // Would a no-answer end the try now waiting? Asked of the client the try belongs to: the same method its retry
  // decision calls (graph-client `noAnswerEndsTry`), so the words cannot promise a try the client will not make.
  // `asking` 1: the try is itself past slowAnswerMs and counted among that client's silent requests.
  const endsTry = (client: GraphClient, asking: 0 | 1) => client.noAnswerEndsTry?.(asking) ?? false
  const longestPause = (attempt: number) => deps.graph.longestBackoffMs?.(attempt) ?? 0
  /** From the end of try `attempt` (1-based) to the end of the last try, if every try waits its whole time. */
  const triesLeftMs = (tries: TryInfo, attempt: number) => {
    let ms = 0
    for (let next = attempt + 1; next <= tries.attempts; next++) ms += longestPause(next - 2) + tries.timeoutMs
    return ms
  }
  const noAnswerWait = (tries: TryInfo, until: number, client: GraphClient, asking: 0 | 1): SyncWait => {
    const cut = tries.attempt < tries.attempts && endsTry(client, asking)
    const last = tries.attempt >= tries.attempts || cut
    return {
      kind: 'no-answer',
      reason: 'Intune is not answering',
      silentSince: silentSince(),
      attempt: tries.attempt,
      attempts: tries.attempts,
      until: new Date(until).toISOString(),
      givesUpAt: new Date(until + (last ? 0 : triesLeftMs(tries, tries.attempt))).toISOString(),
      lastTryBecause: cut ? 'others-unanswered' : last ? 'budget' : null,
    }
  }
  const pauseWait = (reason: string, tries: TryInfo, until: number): SyncWait => {
    const next = tries.attempt + 1
    return {
      kind: 'pause',
      reason,
      silentSince: tries.noAnswer ? silentSince() : null,
      attempt: next,
      attempts: tries.attempts,
      until: new Date(until).toISOString(),
      givesUpAt: tries.noAnswer ? new Date(until + tries.timeoutMs + triesLeftMs(tries, next)).toISOString() : null,
      lastTryBecause: next >= tries.attempts ? 'budget' : null,
    }
  }
  let wait: SyncWait | null = null
  // Ends a retry's "retrying in N s" when its wait is over: the words had stood until the next answer or notice.
  let retryWaitOver: ReturnType<typeof setTimeout> | null = null
  // A page slower than usual, before graph-client calls it "not answering" (slowAnswerMs, 10 s): the rate is
  // told again meanwhile, so it falls as nothing arrives instead of standing at the pace of the pages before.
  const rateEveryMs = deps.rateEveryMs ?? 2000
  let rateAgain: ReturnType<typeof setTimeout> | null = null
  const report = (phase: SyncProgress['phase'], message: string, waitingSeconds: number | null = null, waitNow: SyncWait | null = null) => {
    if (retryWaitOver) clearTimeout(retryWaitOver)
    retryWaitOver = null
    if (rateAgain) clearTimeout(rateAgain)
    rateAgain = null
    wait = waitNow
    if (waitingSeconds === null) {
      doing = { phase, message }
      if (slowSince && phase === 'finishing') {
        message = noAnswerWords(slowSince.timeoutMs)
        waitingSeconds = Math.max(0, Math.ceil((slowSince.at + slowSince.timeoutMs - Date.now()) / 1000))
        if (slowSince.tries) wait = noAnswerWait(slowSince.tries, slowSince.at + slowSince.timeoutMs, slowSince.client, 1)
      }
    }
    const rate = seenIds.size / Math.max(0.001, (Date.now() - started) / 1000)
    const remaining = expected - seenIds.size
    deps.onProgress({
      runId: deps.runId,
      phase,
      pages,
      devices: seenIds.size,
      expected,
      message,
      waitingSeconds,
      wait: phase === 'done' || phase === 'failed' ? null : wait,
      // Waiting for Intune, no device arrives: the rate of the pages before the wait would stand on screen, stale.
      rowsPerSecond: waitingSeconds === null ? Math.round(rate) : null,
      // Graph gives no count; the previous pass's size is the best estimate of what is left.
      etaSeconds: phase === 'devices' && expected > 0 && remaining > 0 && rate > 0 ? Math.round(remaining / rate) : null,
    })
    if (phase === 'devices' && waitingSeconds === null) {
      rateAgain = setTimeout(() => report(doing.phase, doing.message), rateEveryMs)
      rateAgain.unref?.()
    }
  }
  const onRetry = (client: GraphClient, waitMs: number, reason: string, tries?: TryInfo) => {
    const until = Date.now() + waitMs
    report(doing.phase, `${reason} — retrying in ${Math.ceil(waitMs / 1000)} s`, Math.ceil(waitMs / 1000), tries ? pauseWait(reason, tries, until) : null)
    // Still waiting for Intune, now for the retry's answer (its own no-answer notice comes later).
    const next: TryInfo | null = tries ? { ...tries, attempt: tries.attempt + 1 } : null
    retryWaitOver = setTimeout(
      // The retry has just left: not silent yet, so it does not count itself.
      () => report(doing.phase, `${reason} — trying again`, 0, next?.noAnswer ? noAnswerWait(next, Date.now() + next.timeoutMs, client, 0) : null),
      waitMs,
    )
    retryWaitOver.unref?.()
  }
  const onSlowAnswer = (client: GraphClient, waitedMs: number | null, timeoutMs: number, tries?: TryInfo | null) => {
    slowSince = waitedMs === null ? null : { at: Date.now() - waitedMs, timeoutMs, tries: tries ?? null, client }
    if (waitedMs === null) report(doing.phase, doing.message)
    else sayNoAnswer()
  }
  /** The no-answer words of the try now waiting, worked out again (its time left, whether it is the last). */
  const sayNoAnswer = () => {
    if (!slowSince) return
    const until = slowSince.at + slowSince.timeoutMs
    report(
      doing.phase,
      noAnswerWords(slowSince.timeoutMs),
      Math.max(0, Math.ceil((until - Date.now()) / 1000)),
      slowSince.tries ? noAnswerWait(slowSince.tries, until, slowSince.client, 1) : null,
    )
  }
  // Another call found Intune unreachable: the try now waiting is the last one, and the screen says so at once.
  deps.onIntuneUnreachable?.(() => {
    if (wait?.kind === 'no-answer') sayNoAnswer()
  })
  for (const client of clients) {
    client.onRetry?.((waitMs, reason, tries) => onRetry(client, waitMs, reason, tries))
    client.onSlowAnswer?.((waitedMs, timeoutMs, tries) => onSlowAnswer(client, waitedMs, timeoutMs, tries))
  }
  // Profiles, assignments, groups, ESPs, apps: read while the device pages come in (on a distant Graph,
  // a dozen-odd round trips that took ~10 s after the pages did), written after them. Stopped with the run.
  const directoryCtx = { correlationId: deps.correlationId, signal: runSignal }
  const knownGroupIds = createProfilesRepo(deps.db)
    .groups()
    .map((group) => group.id)
  // Asked for once the first device page's request is on its way: their sending (cold code, one
  // connection each) otherwise went first and held that request back ~5 ms on the loopback.
  const graphV1 = deps.graphV1
  const directoryFetch = graphV1 ? afterOnePoll().then(() => fetchDirectory(deps.graph, graphV1, directoryCtx, knownGroupIds)) : null
  directoryFetch?.catch(() => undefined) // awaited after the device pages; a failure meanwhile is not unhandled
  try {
    report('devices', 'Downloading Autopilot devices')
    for (let step = await firstPage; !step.done;) {
      const page = step.value
      throwIfCancelled(deps.signal)
      pages++
      // The next page is on its way (prefetchPages) while this one is mapped and written.
      const rows = rowsOf(page.body)
      const fresh = rows.filter((row) => !seenIds.has(row.id))
      await writer.write(rows, deps.runId, now().toISOString())
      for (const row of rows) seenIds.add(row.id)
      runs.progress(deps.runId, seenIds.size)
      report('devices', `Downloaded ${count(seenIds.size, 'device')}`)
      if (Date.now() - listsToldAt >= listsEveryMs) {
        listsToldAt = Date.now()
        deps.onDevicesWritten?.()
      }
      // A new link but a page of ids already seen, or no end in sight: the same bug in disguise (B2).
      if ((page.nextLink && rows.length > 0 && fresh.length === 0) || pages >= maxPages) throw pagingLoop('Autopilot devices')
      const next = devicePages.next()
      // The wait for a distant Graph's next page is the writer's to use (a first load that indexes as it loads).
      if (page.nextLink) await writer.mergeWhileWaiting(hasSettled(next))
      step = await next
    }
    report('finishing', 'Finishing deployment profiles, assignments and groups')
    throwIfCancelled(deps.signal)
    const directory = directoryFetch ? writeDirectory(deps.db, await directoryFetch, now) : null
    // The last moment a cancel is honoured: past here the pass is complete and unseen devices go.
    throwIfCancelled(deps.signal)
    report('finishing', 'Indexing for search and removing devices deleted in Intune')
    await writer.finish()
    const removed = await writer.deleteNotSeen(deps.runId)
    await writer.bucketSearchIndex()
    await warmAnchors(deps.db, yieldToOtherCalls)
    runs.finish(deps.runId, now().toISOString(), seenIds.size)
    deps.log.log('info', 'sync complete', {
      correlationId: deps.correlationId,
      runId: deps.runId,
      devices: seenIds.size,
      pages,
      removed,
      // Where the time went: SQLite work of the device pass (bench:sync compares it with its ceiling).
      writeSeconds: Math.round(writer.busySeconds() * 1000) / 1000,
      firstLoad: writer.isFirstLoad(),
      // A first load that waited on Graph indexed each page as it came instead of after the last (bulk-writer.ts).
      indexedAsItLoaded: writer.isIndexingAsItLoads(),
      ...directory,
    })
    report('done', `Synced ${count(seenIds.size, 'device')}`)
    return { devices: seenIds.size, pages }
  } catch (error) {
    await writer.finish().catch(() => undefined)
    // A cancelled run fails its in-flight request in whatever way the Graph client reports an abort.
    const envelope = deps.signal?.aborted
      ? { code: 'cancelled' as const, message: `Sync cancelled — ${devices.count().toLocaleString('en-US')} devices kept; nothing was deleted.` }
      : toEnvelopeError(error)
    runs.fail(deps.runId, now().toISOString(), envelope.code, envelope.message)
    deps.log.log('warn', 'sync failed', { correlationId: deps.correlationId, runId: deps.runId, code: envelope.code, message: envelope.message })
    report('failed', envelope.message)
    throw deps.signal?.aborted ? new AppFailure(envelope.code, envelope.message) : error
  }
}
