import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { dataChanged } from '@shared/data-topics'
import type { RegistrationImport } from '@shared/registration-schemas'
import { AppFailure } from '../app-error'
import { channelMethod, internalMethod, type GraphArgs } from '../worker/method'
import { graphFor } from '../worker/graph.worker'
import { createDevicesRepo } from '../repos/devices-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'
import { createPreferencesRepo } from '../repos/preferences-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { createRegistrationRepo, type ImportRow } from '../repos/registration-repo'
import { HashCsvChecker, type HashCsvCheckOptions } from './check-hash-csv'
import { bytesSource } from './byte-source'
import { exportCleanCsv } from './clean-csv-export'
import {
  canRetryOrDiscard,
  DEFAULT_REGISTRATION_TIMING,
  discardImport,
  importInFront,
  registrationStep,
  retryImport,
  type RegistrationTiming,
} from './upload-step.worker'
import { tagsWithoutProfile } from './tag-profile.worker'
import { resolveUsers } from '../users/resolve-users.worker'
import { MAX_ERROR_TRIES } from '../retry-budget'

const ROWS_SHOWN = 2_000
const STATUS_ROWS = 5_000

function tenantDomains(db: Database.Database): string[] | undefined {
  const raw = createTenantSettingsRepo(db).get('verifiedDomains')
  if (!raw) return undefined
  try {
    const value = JSON.parse(raw) as unknown
    const names = Array.isArray(value) ? value.flatMap((d: { name?: unknown }) => (typeof d?.name === 'string' ? [d.name.toLowerCase()] : [])) : []
    return names.length > 0 ? names : undefined
  } catch {
    return undefined
  }
}

/** The open bench job new scans join (the `bench.activeJobId` preference), if it is still open. */
function activeJob(db: Database.Database): { id: string; name: string } | null {
  const id = createPreferencesRepo(db).get('bench.activeJobId')
  if (typeof id !== 'string') return null
  const job = createJobsRepo(db).get(id)
  return job && !job.closedAt ? { id: job.id, name: job.name } : null
}

/** How the core writes an instant into a sentence: the renderer shows it in the technician's zone (`dates.inText`). */
const utcMinute = (iso: string | null): string => {
  const match = iso ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso) : null
  return match ? `${match[1]} ${match[2]} UTC` : ''
}

/**
 * The rows this PC uploaded in uploads not ended, by serial (upper case) and by hash: a second check of the same file
 * refused only the few already in the cache and offered the rest again (Intune: 806 ZtdDeviceAlreadyAssigned each).
 */
function uploadedHere(db: Database.Database): NonNullable<HashCsvCheckOptions['uploadedHere']> {
  const bySerial = new Map<string, { at: string; upload: string; registered: boolean }>()
  const byHash = new Map<string, { at: string; upload: string; registered: boolean }>()
  for (const row of createRegistrationRepo(db).uploadedHere()) {
    const registered = row.status === 'complete'
    const upload = `the upload of ${row.total.toLocaleString('en-US')} ${row.total === 1 ? 'device' : 'devices'} confirmed ${utcMinute(row.confirmedAt)}${
      row.state === 'failed' ? ', which stopped trying' : ''
    }`
    const found = { at: utcMinute(registered ? (row.submittedAt ?? row.confirmedAt) : row.confirmedAt), upload, registered }
    bySerial.set(row.serialNumber.toUpperCase(), found)
    if (row.hardwareHash !== '') byHash.set(row.hardwareHash, found)
  }
  return (serial, hash) => bySerial.get(serial.toUpperCase()) ?? byHash.get(hash) ?? null
}

function runCheck(files: Array<{ name: string; bytes: Uint8Array }>, options: HashCsvCheckOptions): HashCsvChecker {
  const checker = new HashCsvChecker({ ...options, keepRows: true })
  for (const file of files) checker.check(bytesSource(file.name, file.bytes))
  return checker
}

export function importView(db: Database.Database, row: ImportRow, withRows: boolean): RegistrationImport {
  const repo = createRegistrationRepo(db)
  const job = row.jobId ? createJobsRepo(db).get(row.jobId) : null
  return {
    id: row.id,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
    finishedAt: row.finishedAt,
    state: row.state,
    jobId: row.jobId,
    jobName: job?.name ?? null,
    syncMessage: row.syncMessage,
    syncDueAt: row.syncDueAt,
    message: row.message,
    intune: row.intune,
    failedTries: row.failedTries,
    errorTries: row.errorTries,
    maxErrorTries: MAX_ERROR_TRIES,
    nextAttemptAt: row.nextAttemptAt,
    canRetry: canRetryOrDiscard(row),
    counts: repo.counts(row.id),
    rows: withRows ? repo.rows(row.id, STATUS_ROWS).map(({ productKey: _p, hardwareHash: _h, importedId: _i, submittedAt: _s, ...rest }) => rest) : [],
  }
}

export const registrationMethods = {
  ...channelMethod('registration:check-files', { readOnly: false, graph: { maxRetries: 0, timeoutMs: 8_000 } }, async (ctx, args) => {
    const files = args.files.map((file) => ({ name: file.name, bytes: Buffer.from(file.dataBase64, 'base64') }))
    const devices = createDevicesRepo(ctx.db)
    const domains = tenantDomains(ctx.db)
    const base: HashCsvCheckOptions = {
      isRegistered: (serial) => devices.findBySerial(serial).length > 0,
      uploadedHere: uploadedHere(ctx.db),
      tagWithoutProfile: tagsWithoutProfile(ctx.db),
      ...(domains ? { tenantDomains: domains } : {}),
    }
    // Two passes: the first finds the users to look up, the second decides with the answers (both linear).
    const first = runCheck(files, { ...base, userExists: () => undefined })
    const upns = [...new Set(first.accepted.map((row) => row.assignedUser).filter((upn) => upn !== ''))]
    const exists = upns.length > 0 ? await resolveUsers(ctx, args, upns, domains) : new Map<string, boolean>()
    const checker = upns.length > 0 ? runCheck(files, { ...base, userExists: (upn) => exists.get(upn.toLowerCase()) }) : first
    const checkId = randomUUID()
    const report = checker.report()
    createRegistrationRepo(ctx.db).saveDraft({ id: checkId, createdAt: new Date().toISOString(), report, files: checker.files, rows: checker.accepted })
    const job = activeJob(ctx.db)
    return {
      checkId,
      report,
      files: checker.files,
      rows: checker.accepted.slice(0, ROWS_SHOWN).map(({ hardwareHash: _h, ...rest }) => rest),
      jobId: job?.id ?? null,
      jobName: job?.name ?? null,
    }
  }),
  ...channelMethod('registration:export-clean-csv', { readOnly: true }, (ctx, args) => {
    const repo = createRegistrationRepo(ctx.db)
    if (!repo.get(args.checkId)) throw new AppFailure('not-found', 'This check is no longer available. Drop the files again.')
    // Of an upload (a Failed one, or one waiting between tries), the devices not registered yet: to upload them later or elsewhere.
    const rows = repo.rows(args.checkId).filter((row) => row.hardwareHash !== '' && row.status !== 'complete')
    if (rows.length === 0)
      throw new AppFailure('not-found', 'No hardware hash of these devices is kept any more: the hashes are cleared once an upload ends or is discarded.')
    const { files, skipped } = exportCleanCsv(rows)
    return { files: files.map((file) => ({ name: file.name, rows: file.rows, dataBase64: Buffer.from(file.bytes).toString('base64') })), skipped }
  }),
  ...internalMethod('registration.confirm', { readOnly: false }, (ctx, args: { checkId: string }) => {
    const repo = createRegistrationRepo(ctx.db)
    const draft = repo.get(args.checkId)
    if (!draft || draft.state !== 'draft') throw new AppFailure('not-found', 'This check is no longer waiting for confirmation. Drop the files again.')
    if (repo.counts(draft.id).total === 0) throw new AppFailure('invalid', 'No row of these files can be uploaded; fix the refused rows first.')
    repo.confirm(draft.id, new Date().toISOString(), activeJob(ctx.db)?.id ?? null)
    ctx.emit('data:changed', dataChanged('registration'))
    return importView(ctx.db, repo.get(draft.id)!, true)
  }),
  // A check not uploaded yet outlives a restart: its rows were saved with it (saveDraft), and now the screen gets it back.
  ...channelMethod('registration:get-draft', { readOnly: true }, (ctx) => {
    const repo = createRegistrationRepo(ctx.db)
    const draft = repo.draft()
    if (!draft) return { draft: null }
    const job = activeJob(ctx.db)
    return {
      draft: {
        checkId: draft.id,
        checkedAt: draft.createdAt,
        report: draft.report,
        files: draft.files,
        rows: repo
          .rows(draft.id, ROWS_SHOWN)
          .map(({ file, line, serialNumber, productKey, groupTag, assignedUser }) => ({ file, line, serialNumber, productKey, groupTag, assignedUser })),
        jobId: job?.id ?? null,
        jobName: job?.name ?? null,
      },
    }
  }),
  ...channelMethod('registration:discard-draft', { readOnly: false }, (ctx, args) => ({
    discarded: createRegistrationRepo(ctx.db).discardDraft(args.checkId),
  })),
  ...channelMethod('registration:find-held-hash', { readOnly: true }, (ctx, args) => ({ upload: createRegistrationRepo(ctx.db).heldHash(args.serialNumber) })),
  ...channelMethod('registration:get-status', { readOnly: true }, (ctx, args) => {
    const repo = createRegistrationRepo(ctx.db)
    const recent = repo.recent(20)
    // The import being sent (or synced) is the one to follow; else the oldest still waiting for its devices; else the last.
    const unfinished = repo.unfinished()
    const chosen = args.importId ? repo.get(args.importId) : (importInFront(unfinished) ?? unfinished[0] ?? recent[0] ?? null)
    return {
      current: chosen && chosen.state !== 'draft' ? importView(ctx.db, chosen, true) : null,
      recent: recent.map((row) => {
        const { rows: _rows, ...view } = importView(ctx.db, row, false)
        return view
      }),
    }
  }),
  ...internalMethod('registration.retry', { readOnly: false }, (ctx, args: { importId: string }) => {
    const repo = createRegistrationRepo(ctx.db)
    if (!retryImport(ctx.db, args.importId)) throw new AppFailure('not-found', 'This upload is no longer waiting for a retry.')
    ctx.emit('data:changed', dataChanged('registration'))
    return importView(ctx.db, repo.get(args.importId)!, true)
  }),
  ...channelMethod('registration:discard-import', { readOnly: false, graph: { maxRetries: 0, timeoutMs: 15_000 } }, async (ctx, args) => {
    const repo = createRegistrationRepo(ctx.db)
    const timing = DEFAULT_REGISTRATION_TIMING
    const outcome = await discardImport(
      { db: ctx.db, beta: graphFor(ctx, args), ctx: { correlationId: args.correlationId }, timing },
      args.importId,
      args.evenIfUnchecked,
    )
    const item = repo.get(args.importId)
    if (!item) throw new AppFailure('not-found', 'This upload is no longer in the queue.')
    if (!outcome.discarded && !outcome.notice) throw new AppFailure('not-found', 'This upload is no longer waiting for a retry; it went on or ended meanwhile.')
    ctx.emit('data:changed', dataChanged('registration'))
    return { ...outcome, current: importView(ctx.db, item, true) }
  }),
  /** Whether a confirmed import is unfinished: the service asks before it fetches a token for a step. */
  ...internalMethod('registration.pending', { readOnly: true }, (ctx, _args: Record<string, never>) => createRegistrationRepo(ctx.db).unfinished().length > 0),
  ...internalMethod(
    'registration.step',
    { readOnly: false, graph: { maxRetries: 2, timeoutMs: 30_000 } },
    async (ctx, args: GraphArgs & { timing?: Partial<RegistrationTiming> | undefined }) => {
      const timing = { ...DEFAULT_REGISTRATION_TIMING, ...args.timing }
      try {
        const result = await registrationStep({
          db: ctx.db,
          beta: graphFor(ctx, args),
          ctx: { correlationId: args.correlationId },
          timing,
          // A batch's cleanup can last a minute or two under Intune's throttling: the screen shows it going on.
          progress: () => ctx.emit('data:changed', dataChanged('registration')),
        })
        // A failed try kept why and when the next is due on its import ("Batch 1 could not be sent yet: …"): the
        // Register screen reads it now, not only when it is opened again.
        if (result.changed) ctx.emit('data:changed', dataChanged('registration', 'devices', 'bench'))
        else if (result.failures?.length) ctx.emit('data:changed', dataChanged('registration'))
        return result
      } catch (error) {
        // A step that could not reach Intune recorded why on the import ("Batch 1 could not be sent yet: …"):
        // the Register screen reads it now, not only when it is opened again.
        ctx.emit('data:changed', dataChanged('registration'))
        throw error
      }
    },
  ),
}
