import type Database from 'better-sqlite3'
import type { GraphClient, RequestContext } from '../graph/graph-client'
import { nextLinkOf } from '../graph/paging'
import { AppFailure, toEnvelopeError } from '../app-error'
import { intuneAnswerOf, type GraphError } from '../graph/graph-error'
import { intuneAnswerSentence } from '@shared/domain/intune-answer'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'
import { MAX_ERROR_TRIES } from '../retry-budget'
import { runOnlineAction, autopilotSyncState } from '../intune/online-actions.worker'
import { refreshDevice } from '../sync/refresh-device.worker'
import { createRegistrationRepo, type ImportRow, type QueueRow } from '../repos/registration-repo'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createAttemptsRepo } from '../repos/attempts-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { count } from '@shared/domain/words'
import { noProfileToWaitFor } from './tag-profile.worker'

/**
 * The upload engine, one step at a time (docs/registration.md › Upload). The main-thread service calls
 * `registration.step` until it says there is nothing left; every state lives in SQLite, so a restart
 * resumes where it stopped. One import at a time, one batch at a time:
 *
 * 1. **uploading** — POST …/importedWindowsAutopilotDeviceIdentities/import with at most 500 rows
 *    (docs/reference/autopilot.md §5.2: check that a batch registered before the next), then poll each
 *    record until `complete` or `error` (unknown, pending, partial are still in progress; graph-api.md §B3),
 *    with a timeout. Each record this app created is deleted once its result is saved, whatever it was;
 *    records are only ever deleted by the id this app saved, never found by search.
 * 2. **syncing** — one Autopilot sync, never within 10 minutes of the last (graph-api.md §B4); when the
 *    rule forbids it the app waits for the devices and syncs once it is allowed, if they have not appeared.
 * 3. **waiting** — each registered device is read by id until it exists with a profile assigned; it
 *    joins the bench job that was active when the technician confirmed.
 */
export const MAX_BATCH = 500

export interface RegistrationTiming {
  /** Between polls while Intune processes a batch or the devices appear. */
  pollMs: number
  /** A row still in progress this long after its batch was sent is given up (≈ 95 s is typical, §B3). */
  importTimeoutMs: number
  /** How long to wait for the devices to appear with a profile. */
  appearTimeoutMs: number
  /** The wait after a first failed try; it doubles with each failed try in a row, up to 2 minutes. */
  retryBaseMs: number
}

export const DEFAULT_REGISTRATION_TIMING: RegistrationTiming = { pollMs: 5_000, importTimeoutMs: 30 * 60_000, appearTimeoutMs: 60 * 60_000, retryBaseMs: 2_000 }

/*
 * An import's retry budget is MAX_ERROR_TRIES (retry-budget.ts, shared with the outbox): tries in a row
 * that Intune answers with an error (a 5xx other than 503, a 4xx, an answer that is not Graph's) before
 * it stops trying by itself and is Failed. Before, it was tried again every 2 minutes for ever. With the
 * waits doubling from 2 s to 2 minutes, eight tries take about six minutes. A try that reached no Intune
 * at all (offline, no answer in time) does not count: waiting fixes that, and the import goes on once
 * online; nor does Intune's own "wait" (429, 503), which the Graph client has already honoured.
 */

export interface StepDeps {
  db: Database.Database
  beta: GraphClient
  ctx: RequestContext
  timing: RegistrationTiming
  now?: () => number
  /**
   * Told while a long step goes on (the cleanup of a 500-row batch, which Intune's write throttling can stretch to a
   * minute or two): the screen reads the rows again and shows the records left, rather than sitting still.
   */
  progress?: () => void
}

/** At most one progress notice per this long during a step. */
const PROGRESS_EVERY_MS = 2_000

export interface StepResult {
  /** When to call again; null when no import is waiting. */
  nextInMs: number | null
  /** Rows, devices or the bench changed (a failed try changes only its import's reason and next try: `failures`). */
  changed: boolean
  /** Imports whose try failed in this step, and why (for the log; each import keeps its own reason). */
  failures?: Array<{ importId: string; code: string; message: string; failed: boolean }>
}

const IMPORTS = '/deviceManagement/importedWindowsAutopilotDeviceIdentities'
/** Reads per step in the waiting phase, so one step stays short and throttling-friendly. */
const DEVICE_READS_PER_STEP = 50

/**
 * The import that talks to Intune's import endpoint and its Autopilot sync: the oldest one not yet
 * waiting for its devices. One at a time, so batches go in order and the 10-minute rule is kept simple.
 */
export function importInFront<T extends { state: string }>(unfinished: readonly T[]): T | null {
  return unfinished.find((item) => item.state !== 'waiting') ?? null
}

/**
 * One step of every unfinished import: the one in front uploads or syncs; those already waiting for
 * their devices are followed alongside. Before, imports went strictly one after another, so one whose
 * devices no profile targets held the next for its whole wait (an hour).
 */
export async function registrationStep(deps: StepDeps): Promise<StepResult> {
  const unfinished = createRegistrationRepo(deps.db).unfinished()
  if (unfinished.length === 0) return { nextInMs: null, changed: false }
  const now = deps.now ?? Date.now
  const results: StepResult[] = []
  for (const item of unfinished.filter((row) => row.state === 'waiting')) results.push(await attempt(deps, item, now, () => waiting(deps, item, now)))
  const front = importInFront(unfinished)
  if (front) results.push(await attempt(deps, front, now, () => (front.state === 'uploading' ? uploading(deps, front, now) : syncing(deps, front, now))))
  const next = results.map((result) => result.nextInMs).filter((ms): ms is number => ms !== null)
  const failures = results.flatMap((result) => result.failures ?? [])
  return {
    nextInMs: next.length > 0 ? Math.min(...next) : null,
    changed: results.some((result) => result.changed),
    ...(failures.length > 0 ? { failures } : {}),
  }
}

/**
 * Imports a try of which is running in this worker. Discarding one waits for its try to end: a discard
 * between two awaits of a step would be undone by the step's next write (its state, its rows).
 */
const tryingNow = new Set<string>()
export const isTrying = (importId: string): boolean => tryingNow.has(importId)

/**
 * One try of one import, unless its next try is not due yet. A failed try is kept on the import (why,
 * how many in a row, when the next is due), so the screen says it and a restart keeps it; after
 * MAX_ERROR_TRIES answered with an error, the import is Failed and waits for the technician.
 */
async function attempt(deps: StepDeps, item: ImportRow, now: () => number, run: () => Promise<StepResult>): Promise<StepResult> {
  const repo = createRegistrationRepo(deps.db)
  if (item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now()) return { nextInMs: Date.parse(item.nextAttemptAt) - now(), changed: false }
  tryingNow.add(item.id)
  try {
    const result = await run()
    if (item.failedTries > 0 || item.nextAttemptAt) {
      // The reason of the failed try goes with it, unless the try wrote its own words meanwhile.
      const message = repo.get(item.id)?.message === item.message ? { message: null, intune_answer: null } : {}
      repo.update(item.id, { failed_tries: 0, error_tries: 0, next_attempt_at: null, ...message })
    }
    return result
  } catch (error) {
    return failedTry(deps, item.id, error, now)
  } finally {
    tryingNow.delete(item.id)
  }
}

function failedTry(deps: StepDeps, importId: string, error: unknown, now: () => number): StepResult {
  const repo = createRegistrationRepo(deps.db)
  const current = repo.get(importId)!
  const envelope = toEnvelopeError(error)
  const status = (error as Partial<GraphError>).status
  // An answer from Intune counts, except its "wait" (429, 503); no answer at all (offline, no answer in time) does not.
  const counts = status !== undefined ? status !== 429 && status !== 503 : !INTUNE_UNREACHABLE.has(envelope.code)
  const failedTries = current.failedTries + 1
  const errorTries = current.errorTries + (counts ? 1 : 0)
  const what = failedWhat(deps, current)
  // Intune's answer in a sentence; its ids, date and raw text are kept apart for "Details for support".
  const intune = intuneAnswerOf(error)
  // "Batch 2 could not be sent: Intune had an internal error (HTTP 500)." (what was not done is already said).
  const said = intune ? intuneAnswerSentence(intune, null, { feature: 'autopilot-import' }) : envelope.message
  const answer = { intune_answer: intune ? JSON.stringify(intune) : null }
  if (counts && errorTries >= MAX_ERROR_TRIES) {
    repo.update(importId, {
      state: 'failed',
      failed_tries: failedTries,
      error_tries: errorTries,
      next_attempt_at: null,
      message: `${what}: ${said} Intune answered with an error ${errorTries} times in a row, so the upload stopped trying.`,
      ...answer,
    })
    createAuditLogRepo(deps.db).add({
      at: new Date(now()).toISOString(),
      action: 'registration-failed',
      deviceId: null,
      correlationId: deps.ctx.correlationId,
      details: { importId, tries: errorTries, code: envelope.code, message: envelope.message },
    })
    return { nextInMs: null, changed: false, failures: [{ importId, code: envelope.code, message: envelope.message, failed: true }] }
  }
  const retryAfter = (error as Partial<GraphError>).retryAfterSeconds
  const waitMs = retryAfter ? retryAfter * 1000 : Math.min(120_000, deps.timing.retryBaseMs * 2 ** Math.min(failedTries, 6))
  repo.update(importId, {
    failed_tries: failedTries,
    error_tries: errorTries,
    next_attempt_at: new Date(now() + waitMs).toISOString(),
    message: `${what} yet: ${said}`,
    ...answer,
  })
  return { nextInMs: waitMs, changed: false, failures: [{ importId, code: envelope.code, message: envelope.message, failed: false }] }
}

/** What a failed try was doing, in the technician's words ("Batch 2 could not be sent"). */
function failedWhat(deps: StepDeps, current: ImportRow): string {
  const repo = createRegistrationRepo(deps.db)
  if (current.state === 'syncing') return 'The Autopilot sync after the upload could not run'
  if (current.state === 'waiting') return 'The new devices could not be read from Intune'
  const sending = repo.rowsWithStatus(current.id, ['submitting'])[0]
  if (sending) return `Batch ${sending.batch} could not be sent`
  const processing = repo.rowsWithStatus(current.id, ['submitted'])[0]
  if (processing) return `The results of batch ${processing.batch} could not be read`
  return 'The upload could not go on'
}

async function uploading(deps: StepDeps, current: ImportRow, now: () => number): Promise<StepResult> {
  const repo = createRegistrationRepo(deps.db)
  const id = current.id
  // A batch the app was sending when it stopped (or rows the answer did not name): find their records by our importId.
  const lost = repo.rowsWithStatus(id, ['submitting'])
  if (lost.length > 0) await recover(deps, current, lost)
  const inFlight = repo.rowsWithStatus(id, ['submitted'])
  if (inFlight.length > 0) {
    await poll(deps, current, inFlight, now)
    await cleanUp(deps, current)
    return { nextInMs: repo.rowsWithStatus(id, ['submitted', 'submitting']).length > 0 ? deps.timing.pollMs : 0, changed: true }
  }
  await cleanUp(deps, current)
  const queued = repo.rowsWithStatus(id, ['queued']).slice(0, MAX_BATCH)
  if (queued.length > 0) {
    await submit(deps, current, queued, now)
    return { nextInMs: deps.timing.pollMs, changed: true }
  }
  if (repo.recordsToDelete(id).length > 0) return { nextInMs: deps.timing.pollMs, changed: true }
  const counts = repo.counts(id)
  if (counts.registered > 0) {
    repo.update(id, { state: 'syncing' })
  } else {
    finish(deps, current, now, 'No device was registered; see each row for why.')
  }
  return { nextInMs: 0, changed: true }
}

function importBody(row: QueueRow, importId: string) {
  return {
    '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
    serialNumber: row.serialNumber,
    productKey: row.productKey,
    hardwareIdentifier: row.hardwareHash,
    groupTag: row.groupTag,
    assignedUserPrincipalName: row.assignedUser,
    importId,
  }
}

interface ImportedRecord {
  id?: unknown
  serialNumber?: unknown
  importId?: unknown
  state?: { deviceImportStatus?: unknown; deviceRegistrationId?: unknown; deviceErrorCode?: unknown; deviceErrorName?: unknown }
}

async function submit(deps: StepDeps, current: ImportRow, rows: QueueRow[], now: () => number): Promise<void> {
  const repo = createRegistrationRepo(deps.db)
  // Rows sent before and not found in Intune go again under their batch number: a resent batch is not a new one
  // (after eight failed tries the screen said "Batch 8 could not be sent" of an upload of one batch).
  const batch = rows[0]!.batch > 0 ? rows[0]!.batch : repo.nextBatchNumber(current.id)
  const at = new Date(now()).toISOString()
  // Marked first: if the app stops during the POST, the next step looks for these records instead of sending them twice.
  repo.markSubmitting(
    current.id,
    rows.map((row) => row.seq),
    batch,
    at,
  )
  let answer: unknown
  try {
    answer = await deps.beta.post(
      `${IMPORTS}/import`,
      { importedWindowsAutopilotDeviceIdentities: rows.map((row) => importBody(row, current.id)) },
      { ...deps.ctx, maxRetries: 0 },
    )
  } catch (error) {
    const envelope = toEnvelopeError(error)
    // Intune refused the whole batch (a 400 is how an unpadded hash "does nothing", §5.3); the check should have
    // caught it, so the rows are failed with Intune's own words rather than sent again and again.
    if (envelope.code === 'invalid' || (error as { status?: number }).status === 400) {
      for (const row of rows) repo.setRow(current.id, row.seq, { status: 'error', import_status: 'refused', error_name: 'BadRequest', finished_at: at })
      const intune = intuneAnswerOf(error)
      repo.update(current.id, {
        message: intune ? intuneAnswerSentence(intune, 'upload', { subject: `batch ${batch}` }) : `Intune refused batch ${batch}: ${envelope.message}`,
        intune_answer: intune ? JSON.stringify(intune) : null,
      })
      return
    }
    // Offline, throttled or a server error: the rows stay "submitting" and are looked for next try, then sent again if not
    // found (the failed try is counted and its reason kept by attempt()).
    throw error
  }
  const records = Array.isArray((answer as { value?: unknown })?.value) ? ((answer as { value: ImportedRecord[] }).value ?? []) : []
  const unmatched = [...rows]
  for (const record of records) {
    const serial = typeof record.serialNumber === 'string' ? record.serialNumber.toLowerCase() : ''
    const index = unmatched.findIndex((row) => row.serialNumber.toLowerCase() === serial)
    if (index < 0 || typeof record.id !== 'string') continue
    const [row] = unmatched.splice(index, 1)
    repo.setRow(current.id, row!.seq, { status: 'submitted', imported_id: record.id })
    saveState(deps, current, row!, record, now)
  }
  repo.update(current.id, { message: null, intune_answer: null })
  createAuditLogRepo(deps.db).add({
    at,
    action: 'registration-import',
    deviceId: null,
    correlationId: deps.ctx.correlationId,
    details: { importId: current.id, batch, rows: rows.length, records: records.length },
  })
}

/** Saves what a record says: complete (with the new device's id) or error end the row; anything else is still in progress. */
function saveState(deps: StepDeps, current: ImportRow, row: QueueRow, record: ImportedRecord, now: () => number): void {
  const repo = createRegistrationRepo(deps.db)
  const state = record.state ?? {}
  const status = typeof state.deviceImportStatus === 'string' ? state.deviceImportStatus : 'unknown'
  const at = new Date(now()).toISOString()
  if (status === 'complete') {
    const deviceId = typeof state.deviceRegistrationId === 'string' && state.deviceRegistrationId !== '' ? state.deviceRegistrationId.toLowerCase() : null
    repo.setRow(current.id, row.seq, { status: 'complete', import_status: status, device_id: deviceId, finished_at: at })
  } else if (status === 'error') {
    const code = typeof state.deviceErrorCode === 'number' && state.deviceErrorCode !== 0 ? state.deviceErrorCode : null
    const name = typeof state.deviceErrorName === 'string' && state.deviceErrorName !== '' ? state.deviceErrorName : null
    repo.setRow(current.id, row.seq, { status: 'error', import_status: status, error_code: code, error_name: name, finished_at: at })
  } else {
    repo.setRow(current.id, row.seq, { import_status: status })
  }
}

/** Every imported record of the tenant, by id (one listing instead of one GET per row). */
async function listImported(deps: StepDeps): Promise<Map<string, ImportedRecord>> {
  const byId = new Map<string, ImportedRecord>()
  let url: string | null = IMPORTS
  const seen = new Set<string>([deps.beta.urlOf(IMPORTS)])
  for (let page = 0; url !== null && page < 1000; page++) {
    const body: unknown = await deps.beta.getJson(url, deps.ctx)
    const value = (body as { value?: unknown })?.value
    if (Array.isArray(value)) for (const record of value as ImportedRecord[]) if (typeof record.id === 'string') byId.set(record.id.toLowerCase(), record)
    url = nextLinkOf(body, seen, 'imported devices')
  }
  return byId
}

async function poll(deps: StepDeps, current: ImportRow, rows: QueueRow[], now: () => number): Promise<void> {
  const repo = createRegistrationRepo(deps.db)
  const records = await listImported(deps)
  for (const row of rows) {
    const record = row.importedId ? records.get(row.importedId.toLowerCase()) : undefined
    if (record) saveState(deps, current, row, record, now)
    const after = repo.rowsWithStatus(current.id, ['submitted']).find((r) => r.seq === row.seq)
    if (after && row.submittedAt && now() - Date.parse(row.submittedAt) > deps.timing.importTimeoutMs) {
      repo.setRow(current.id, row.seq, { status: 'timeout', finished_at: new Date(now()).toISOString() })
    }
  }
}

async function recover(deps: StepDeps, current: ImportRow, rows: QueueRow[]): Promise<void> {
  const repo = createRegistrationRepo(deps.db)
  for (const row of rows) {
    const filter = encodeURIComponent(`contains(serialNumber,'${row.serialNumber.replace(/'/g, "''")}')`)
    const body = (await deps.beta.getJson(`${IMPORTS}?$filter=${filter}`, deps.ctx)) as { value?: ImportedRecord[] }
    // Only a record carrying this import's id is ours; anything else may be another person's upload.
    const ours = (body.value ?? []).find(
      (record) =>
        record.importId === current.id && typeof record.serialNumber === 'string' && record.serialNumber.toLowerCase() === row.serialNumber.toLowerCase(),
    )
    if (ours && typeof ours.id === 'string') repo.setRow(current.id, row.seq, { status: 'submitted', imported_id: ours.id })
    else repo.setRow(current.id, row.seq, { status: 'queued' })
  }
}

async function cleanUp(deps: StepDeps, current: ImportRow): Promise<void> {
  const repo = createRegistrationRepo(deps.db)
  const rows = repo.recordsToDelete(current.id)
  let deleted = 0
  let toldAt = Date.now()
  for (const row of rows) {
    try {
      await deps.beta.delete(`${IMPORTS}/${encodeURIComponent(row.importedId!)}`, deps.ctx)
    } catch (error) {
      if (toEnvelopeError(error).code !== 'not-found') throw error
    }
    repo.setRow(current.id, row.seq, { record_deleted: 1 })
    deleted++
    if (deps.progress && Date.now() - toldAt >= PROGRESS_EVERY_MS) {
      toldAt = Date.now()
      deps.progress()
    }
  }
  if (deleted > 0) {
    createAuditLogRepo(deps.db).add({
      at: new Date().toISOString(),
      action: 'registration-cleanup',
      deviceId: null,
      correlationId: deps.ctx.correlationId,
      details: { importId: current.id, deleted },
    })
  }
}

async function syncing(deps: StepDeps, current: ImportRow, now: () => number): Promise<StepResult> {
  const repo = createRegistrationRepo(deps.db)
  const at = new Date(now()).toISOString()
  const rule = autopilotSyncState(deps.db)
  if (rule.nextAllowedAt && Date.parse(rule.nextAllowedAt) > now()) {
    repo.update(current.id, {
      state: 'waiting',
      waiting_since: current.waitingSince ?? at,
      sync_due_at: rule.nextAllowedAt,
      sync_message: 'Autopilot sync waits for the 10-minute rule; the devices may appear before it.',
    })
    return { nextInMs: 0, changed: true }
  }
  const result = await runOnlineAction({ db: deps.db, beta: deps.beta, v1: deps.beta, ctx: deps.ctx }, 'autopilot-sync', null)
  const dueAt =
    !result.done && result.autopilotSync?.nextAllowedAt && Date.parse(result.autopilotSync.nextAllowedAt) > now() ? result.autopilotSync.nextAllowedAt : null
  repo.update(current.id, { state: 'waiting', waiting_since: current.waitingSince ?? at, sync_due_at: dueAt, sync_message: result.message })
  return { nextInMs: deps.timing.pollMs, changed: true }
}

async function waiting(deps: StepDeps, current: ImportRow, now: () => number): Promise<StepResult> {
  const repo = createRegistrationRepo(deps.db)
  const registered = repo.rowsWithStatus(current.id, ['complete']).filter((row) => row.deviceId)
  const job = current.jobId ? createJobsRepo(deps.db).get(current.jobId) : null
  const wantsJob = (row: QueueRow) => job !== null && !job.closedAt && !row.joinedJob
  const stillOpen = (row: QueueRow) => !row.appearedAt || row.profileStatus !== 'assigned' || wantsJob(row)
  // Devices the app's own sync already brought into the cache have appeared: Intune is read 50 devices a step, so a
  // 5,000-device import said "Not yet visible" for a quarter of an hour while the Devices screen showed them.
  const devices = createDevicesRepo(deps.db)
  for (const row of registered.filter(stillOpen)) {
    const cached = devices.get(row.deviceId!)
    if (!cached) continue
    const at = new Date(now()).toISOString()
    if (!row.appearedAt || row.profileStatus !== cached.profileStatus) {
      repo.setRow(current.id, row.seq, { appeared_at: row.appearedAt ?? at, profile_status: cached.profileStatus })
      row.appearedAt = row.appearedAt ?? at
      row.profileStatus = cached.profileStatus
    }
    if (wantsJob(row)) {
      joinJob(deps.db, job!.id, cached.id, cached.serialNumber, at, () => repo.setRow(current.id, row.seq, { joined_job: 1 }))
      row.joinedJob = true
    }
  }
  // Intune is read for the rest (and for a profile the cache does not show as assigned yet).
  const open = registered.filter(stillOpen)
  for (const row of open.slice(0, DEVICE_READS_PER_STEP)) {
    const result = await refreshDevice(deps.db, deps.beta, row.deviceId!, deps.ctx.correlationId)
    if (!result.device) continue
    const at = new Date(now()).toISOString()
    repo.setRow(current.id, row.seq, { appeared_at: row.appearedAt ?? at, profile_status: result.device.profileStatus })
    if (wantsJob(row)) joinJob(deps.db, job!.id, result.device.id, result.device.serialNumber, at, () => repo.setRow(current.id, row.seq, { joined_job: 1 }))
  }
  // A device that appeared Not assigned while its group tag leads to no deployment profile has none to wait for (the
  // card's rule, tag-profile.worker.ts): waiting the hour for it held the import and said nothing of why.
  const noProfile = noProfileToWaitFor(deps.db)
  const withoutProfile: Array<{ tag: string; chain: string }> = []
  const left = repo
    .rowsWithStatus(current.id, ['complete'])
    .filter((row) => row.deviceId && (!row.appearedAt || row.profileStatus !== 'assigned' || wantsJob(row)))
    .filter((row) => {
      if (!row.appearedAt || wantsJob(row)) return true
      const none = noProfile(row.deviceId!)
      if (none) withoutProfile.push(none)
      return none === null
    })
  if (left.length === 0) {
    finish(deps, current, now, withoutProfile.length > 0 ? noProfileMessage(withoutProfile) : null)
    return { nextInMs: 0, changed: true }
  }
  const since = Date.parse(current.waitingSince ?? new Date(now()).toISOString())
  if (now() - since > deps.timing.appearTimeoutMs) {
    finish(
      deps,
      current,
      now,
      `${count(left.length, 'registered device')} did not appear with a profile within ${Math.round(deps.timing.appearTimeoutMs / 60_000)} minutes. They are registered; check Windows Autopilot devices later (a sync brings them in).`,
    )
    return { nextInMs: 0, changed: true }
  }
  // The sync the 10-minute rule held back: run it now if devices are still missing.
  if (current.syncDueAt && now() >= Date.parse(current.syncDueAt) && left.some((row) => !row.appearedAt)) {
    repo.update(current.id, { state: 'syncing', sync_due_at: null })
    return { nextInMs: 0, changed: true }
  }
  return { nextInMs: deps.timing.pollMs, changed: true }
}

/** "2 registered devices have no deployment profile to wait for: group tag 'X' leads to none (chain). …" */
function noProfileMessage(devices: Array<{ tag: string; chain: string }>): string {
  const first = devices[0]!
  const tags = [...new Set(devices.map((d) => d.tag))]
  const why =
    tags.length === 1
      ? `group tag '${first.tag}' leads to no deployment profile (${first.chain})`
      : `their group tags (${tags.map((t) => `'${t}'`).join(', ')}) lead to no deployment profile`
  return `${count(devices.length, 'registered device')} not waited for: ${why}. They stay Not assigned until a profile's group takes the tag; change the group tag on the device card, or assign a profile to a group of that tag.`
}

/** The device joins the bench job, as a scan with that job active would add it (bench:add-device). */
function joinJob(db: Database.Database, jobId: string, deviceId: string, serialNumber: string, at: string, saved: () => void): void {
  const bench = createBenchRepo(db)
  db.transaction(() => {
    bench.put({ deviceId, jobId, serialNumber, now: at })
    createAttemptsRepo(db).adoptInto(jobId, deviceId, bench.get(deviceId)!.addedAt)
    saved()
  })()
}

function finish(deps: StepDeps, current: ImportRow, now: () => number, message: string | null): void {
  const repo = createRegistrationRepo(deps.db)
  repo.update(current.id, { state: 'done', finished_at: new Date(now()).toISOString(), ...(message !== null ? { message } : {}) })
  repo.clearHashes(current.id)
}

/** Failed, or between two tries after a failed one: what the technician may retry now or discard. */
export const canRetryOrDiscard = (item: ImportRow): boolean =>
  item.state === 'failed' || (['uploading', 'syncing', 'waiting'].includes(item.state) && (item.failedTries > 0 || item.nextAttemptAt !== null))

/**
 * Retry: a Failed import (or one waiting between tries) is tried again now, its retry budget whole again.
 * It goes back to where it stopped: the rows tell (a batch not sent, or in Intune's hands, is looked for
 * first, so nothing is sent twice); one that was already waiting for its devices waits again.
 */
export function retryImport(db: Database.Database, importId: string): boolean {
  const repo = createRegistrationRepo(db)
  const item = repo.get(importId)
  if (!item || !canRetryOrDiscard(item)) return false
  if (tryingNow.has(importId)) throw new AppFailure('busy', 'This upload is being tried right now. Wait a few seconds for the try to end.')
  const state = item.state !== 'failed' ? item.state : item.waitingSince ? 'waiting' : 'uploading'
  repo.update(importId, { state, failed_tries: 0, error_tries: 0, next_attempt_at: null, message: null, intune_answer: null })
  return true
}

export interface DiscardOutcome {
  discarded: boolean
  /**
   * Why it was not discarded: Intune has some of its devices and is still processing them (`processing`),
   * or could not be asked whether it received the last batch (`unchecked`; discarding anyway is allowed).
   */
  notice: { kind: 'processing' | 'unchecked'; message: string } | null
}

/**
 * Discard: the technician abandons a Failed import (or one waiting between tries). A batch may already
 * be with Intune (sent, or sent when the answer was lost): its records are read first, by the id this app
 * saved, or looked for by serial and our importId (graph-api.md §B3), as the next try would. Results found
 * are kept and the records deleted, as usual. Intune documents no way to stop an import it is processing,
 * so while it still is, the import is not discarded: its devices may be registered whatever the app does.
 * When Intune cannot be asked, discarding is refused unless the technician says to discard anyway.
 * The hashes are then cleared, as for a finished import; the rows keep serial, line and result.
 */
export async function discardImport(deps: StepDeps, importId: string, evenIfUnchecked: boolean): Promise<DiscardOutcome> {
  const repo = createRegistrationRepo(deps.db)
  const now = deps.now ?? Date.now
  const item = repo.get(importId)
  if (!item || !canRetryOrDiscard(item)) return { discarded: false, notice: null }
  if (tryingNow.has(importId)) throw new AppFailure('busy', 'This upload is being tried right now. Discard it when the try has ended, in a few seconds.')
  tryingNow.add(importId)
  let unchecked: string | null = null
  try {
    const withIntune = () => repo.rowsWithStatus(importId, ['submitting', 'submitted'])
    if (withIntune().length > 0 || repo.recordsToDelete(importId).length > 0) {
      try {
        const lost = repo.rowsWithStatus(importId, ['submitting'])
        if (lost.length > 0) await recover(deps, item, lost)
        // Looked for and not found: never received, so never sent now.
        const inFlight = repo.rowsWithStatus(importId, ['submitted'])
        if (inFlight.length > 0) await poll(deps, item, inFlight, now)
        await cleanUp(deps, item)
      } catch (error) {
        const left = withIntune().length
        if (left > 0) {
          const reason = toEnvelopeError(error).message
          const message = `Intune could not be asked whether it received ${count(left, 'device')} of this upload (${reason}). Discarded anyway, ${left === 1 ? 'it' : 'they'} may still be registered: check Windows Autopilot devices later.`
          if (!evenIfUnchecked) return { discarded: false, notice: { kind: 'unchecked', message } }
          unchecked = message
        }
      }
      const processing = repo.rowsWithStatus(importId, ['submitted']).length
      if (processing > 0 && unchecked === null) {
        return {
          discarded: false,
          notice: {
            kind: 'processing',
            message: `Intune already received ${count(processing, 'device')} of this upload and is still processing ${processing === 1 ? 'it' : 'them'}: ${processing === 1 ? 'it' : 'they'} may be registered whatever the app does now. Retry to follow the upload to its end, then discard what is left.`,
          },
        }
      }
    }
    const at = new Date(now()).toISOString()
    const counts = repo.counts(importId)
    const notRegistered = counts.total - counts.registered
    repo.update(importId, {
      state: 'cancelled',
      finished_at: at,
      next_attempt_at: null,
      message:
        unchecked ??
        `Discarded: ${count(notRegistered, 'device')} not registered${counts.registered > 0 ? `, ${count(counts.registered, 'device')} registered before` : ''}.`,
    })
    repo.clearHashes(importId)
    createAuditLogRepo(deps.db).add({
      at,
      action: 'registration-discard',
      deviceId: null,
      correlationId: deps.ctx.correlationId,
      details: { importId, notRegistered, registered: counts.registered, unchecked: unchecked !== null },
    })
    return { discarded: true, notice: null }
  } finally {
    tryingNow.delete(importId)
  }
}
