import type Database from 'better-sqlite3'
import type { DeviceChange, OutboxItem } from '@shared/change-schemas'
import { dataChanged } from '@shared/data-topics'
import type { PrestagePlan, PrestageRow } from '@shared/registration-schemas'
import { AppFailure } from '../app-error'
import { internalMethod, type GraphArgs, type WorkerContext } from '../worker/method'
import { resolveUsers } from '../users/resolve-users.worker'
import { createJobsRepo } from '../repos/jobs-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createOutboxRepo } from '../repos/outbox-repo'
import { createCardReaders, readCardFacts } from '../card/card-queries.worker'
import { explanationInputOf, tenantExplanationInput } from '../card/readiness-input'
import { targetDeviceName } from '@shared/domain/device-name-target'
import { explainProfileAssignment } from '@shared/domain/profile-assignment'
import { explainWithTag, groupTagProfileOutcome } from '@shared/domain/group-tag-outcome'

/**
 * Bulk pre-staging (docs/registration.md › Bulk pre-staging): a job's manifest (serial → user, greeting
 * name, device name) plus the job's group tag, set on its registered devices through the outbox. The
 * outbox is durable and delivers one change at a time, honouring Intune's Retry-After (docs/reference/graph-api.md
 * §B10, §B15), so hundreds of changes go at Intune's pace and resume after a restart. The plan is read
 * again from the outbox every time: each row's result is the state of its changes.
 */
const ACTIVE = new Set(['pending', 'sending', 'verifying'])

/**
 * The device name Pre-stage sets: the one the readiness check and the card want (device-name-target.ts),
 * the manifest row's, else the job's template for this serial. A template with random digits is left to
 * the card (each press would draw other digits, and applying again must queue nothing new).
 */
function targetNameOf(job: { deviceNameTemplate: string }, row: { serialNumber: string; displayName: string }): string {
  const target = targetDeviceName({ manifestName: row.displayName, jobTemplate: job.deviceNameTemplate, serial: row.serialNumber })
  return target && !(target.source === 'template' && target.random) ? target.name : ''
}

function wantedChanges(
  job: { groupTag: string; deviceNameTemplate: string },
  row: { serialNumber: string; userPrincipalName: string; addressableUserName: string; displayName: string },
): DeviceChange[] {
  const changes: DeviceChange[] = []
  if (job.groupTag !== '') changes.push({ kind: 'group-tag', groupTag: job.groupTag })
  if (row.userPrincipalName !== '')
    changes.push({ kind: 'assign-user', userPrincipalName: row.userPrincipalName, addressableUserName: row.addressableUserName })
  const name = targetNameOf(job, row)
  if (name !== '') changes.push({ kind: 'device-name', displayName: name })
  return changes
}

// docs/reference/autopilot.md §1.5: "A per-device name set on the record is ignored for hybrid join" (Manually register devices with Windows Autopilot).
const HYBRID_NAME_NOTE =
  "Microsoft Entra hybrid join: Intune ignores the device name set here; the domain join profile's computer name prefix names the device."

/**
 * Whether a queued change is this row's. An assignment is the same user in any letter case; a blank
 * friendly name on either side (Intune's default, or the cache not knowing the user's name yet) matches
 * any, so the row does not go back to "to apply" once the users cache learns the display name.
 */
function sameValues(item: OutboxItem, change: DeviceChange): boolean {
  if (item.change.kind === 'assign-user' && change.kind === 'assign-user') {
    const [a, b] = [item.change.addressableUserName.trim(), change.addressableUserName.trim()]
    return item.change.userPrincipalName.toLowerCase() === change.userPrincipalName.toLowerCase() && (a === '' || b === '' || a === b)
  }
  return item.change.kind === change.kind && JSON.stringify({ ...item.change, kind: undefined }) === JSON.stringify({ ...change, kind: undefined })
}

/** Whether the cached device already shows what the change sets. */
function alreadyThere(device: { groupTag: string; userPrincipalName: string; displayName: string }, change: DeviceChange): boolean {
  switch (change.kind) {
    case 'group-tag':
      return device.groupTag === change.groupTag
    case 'assign-user':
      return device.userPrincipalName.toLowerCase() === change.userPrincipalName.toLowerCase()
    case 'device-name':
      return device.displayName === change.displayName
    default:
      return false
  }
}

/**
 * Users Intune said exist though the users cache lacks them (lower-case UPN): the plan is read again at every outbox
 * change while Pre-stage delivers, and must not ask Intune about the same users each time. Only a yes is kept: a user
 * created after a "not found" is seen at the next read.
 */
const foundOnline = new Set<string>()

/**
 * Whether the users of a job's registered rows exist, by the manifest preview's rule (resolve-users.worker.ts): the users
 * cache, else Intune (GET /v1.0/users/{upn}, a 404 says no); `graph` null (offline, signed out, or the caller tries the
 * cache alone first): a user the cache lacks is left unknown ("not checked"). Rows not registered are not applied, so not asked about.
 */
async function checkUsers(ctx: WorkerContext, jobId: string, graph: GraphArgs | null): Promise<Map<string, boolean>> {
  const devices = createDevicesRepo(ctx.db)
  const upns = new Set(
    createJobsRepo(ctx.db)
      .manifest(jobId)
      .filter((entry) => entry.userPrincipalName !== '' && devices.findBySerial(entry.serialNumber).length > 0)
      .map((entry) => entry.userPrincipalName),
  )
  const toAsk = [...upns].filter((upn) => !foundOnline.has(upn.toLowerCase()))
  const users = toAsk.length > 0 ? await resolveUsers(ctx, graph, toAsk) : new Map<string, boolean>()
  if (graph) for (const [upn, exists] of users) if (exists) foundOnline.add(upn)
  if (foundOnline.size > 10_000) foundOnline.clear()
  for (const upn of upns) if (foundOnline.has(upn.toLowerCase())) users.set(upn.toLowerCase(), true)
  return users
}

/** `users`: whether each user exists (lower-case UPN → yes/no, absent: not checked), from resolveUsers. */
export function prestagePlan(db: Database.Database, jobId: string, users: Map<string, boolean> = new Map()): PrestagePlan {
  const job = createJobsRepo(db).get(jobId)
  if (!job) throw new AppFailure('not-found', 'This job no longer exists.')
  const devices = createDevicesRepo(db)
  const outbox = createOutboxRepo(db)
  const readers = createCardReaders(db)
  const tag = job.groupTag.trim()
  let losing = 0
  const rows: PrestageRow[] = createJobsRepo(db)
    .manifest(jobId)
    .map((entry) => {
      const base = {
        serialNumber: entry.serialNumber,
        groupTag: job.groupTag,
        userPrincipalName: entry.userPrincipalName,
        displayName: targetNameOf(job, entry),
      }
      const device = devices.findBySerial(entry.serialNumber)[0]
      if (!device) return { ...base, deviceId: null, state: 'not-registered' as const, userCheck: null, changes: [], notes: [] }
      const known = entry.userPrincipalName === '' ? true : users.get(entry.userPrincipalName.toLowerCase())
      const userCheck = known === true ? null : known === false ? ('not-found' as const) : ('not-checked' as const)
      const full = devices.get(device.id)!
      const items = outbox.list(device.id, true)
      // The profile now and with the job's tag, from the same explanation as the card's "Why this profile".
      const facts = readCardFacts(db, device.id, jobId, readers)
      const input = facts ? explanationInputOf(facts) : null
      const now = input ? explainProfileAssignment(input).winner : null
      const after = input && tag ? explainWithTag(input, tag).winner : now
      if (tag && full.groupTag.trim() !== tag && now && after?.profileId !== now.profileId) losing++
      // The profile the device has after Pre-stage: the one the job's tag leads to, else the one Intune assigned (else the predicted one).
      const profileRow = (id: string | null | undefined) => (id ? facts?.profiles.find((p) => p.id === id) : undefined)
      const profileAfter = tag ? profileRow(after?.profileId) : (profileRow(facts?.device.profile_id) ?? profileRow(now?.profileId))
      const notes = base.displayName !== '' && profileAfter?.join_type === 'hybrid' ? [HYBRID_NAME_NOTE] : []
      const changes = wantedChanges(job, entry).map((change) => {
        // Newest first: the latest item of this kind with these values is this row's change (a discarded one counts as never sent).
        const item = items.find((candidate) => sameValues(candidate, change) && candidate.state !== 'discarded')
        if (item) return { kind: change.kind, state: item.state, message: item.lastError?.message ?? null }
        return { kind: change.kind, state: alreadyThere(full, change) ? 'done' : 'to-apply', message: null }
      })
      const states = changes.map((change) => change.state)
      const planned: PrestageRow['state'] =
        changes.length === 0
          ? 'nothing'
          : states.some((s) => s === 'failed' || s === 'conflict')
            ? 'failed'
            : states.some((s) => ACTIVE.has(s))
              ? 'in-progress'
              : states.some((s) => s === 'to-apply')
                ? 'to-apply'
                : 'done'
      // A user Intune says does not exist: the row is not applied (Intune would refuse the assignment at delivery).
      const state: PrestageRow['state'] = planned === 'to-apply' && userCheck === 'not-found' ? 'user-not-found' : planned
      return { ...base, deviceId: device.id, state, userCheck, changes, notes }
    })
  const count = (state: PrestageRow['state']) => rows.filter((row) => row.state === state).length
  const expected = job.expectedProfileId ? { id: job.expectedProfileId, name: job.expectedProfileName } : null
  const outcome = tag ? groupTagProfileOutcome(tenantExplanationInput(readers.tenant(), tag, ''), tag, expected) : null
  return {
    jobId,
    rows,
    groupTag: outcome ? { tag, kind: outcome.kind, warning: outcome.warning, losing } : null,
    counts: {
      rows: rows.length,
      notRegistered: count('not-registered'),
      toApply: count('to-apply'),
      inProgress: count('in-progress'),
      done: count('done'),
      failed: count('failed'),
      nothing: count('nothing'),
      userNotFound: count('user-not-found'),
    },
  }
}

export const prestageMethods = {
  // prestage:get-plan and prestage:apply: registration-handlers.ts adds Graph arguments when a user needs asking.
  ...internalMethod('prestage.plan', { readOnly: true }, (ctx, args: { jobId: string; graph: GraphArgs | null }) =>
    checkUsers(ctx, args.jobId, args.graph).then((users) => prestagePlan(ctx.db, args.jobId, users)),
  ),
  /**
   * Queues every change still to apply; changes already queued or shown by Intune are left alone, so applying again resumes.
   * A row whose user Intune says does not exist is skipped (its state says so).
   */
  ...internalMethod('prestage.apply', { readOnly: false }, async (ctx, args: { jobId: string; correlationId: string; graph: GraphArgs | null }) => {
    const job = createJobsRepo(ctx.db).get(args.jobId)
    if (!job) throw new AppFailure('not-found', 'This job no longer exists.')
    if (job.closedAt) throw new AppFailure('conflict', `The job "${job.name}" is closed.`)
    const outbox = createOutboxRepo(ctx.db)
    const users = await checkUsers(ctx, args.jobId, args.graph)
    const plan = prestagePlan(ctx.db, args.jobId, users)
    ctx.db.transaction(() => {
      for (const row of plan.rows) {
        if (!row.deviceId || row.state === 'user-not-found') continue
        const entry = createJobsRepo(ctx.db).manifestFor(args.jobId, row.serialNumber)
        if (!entry) continue
        for (const change of wantedChanges(job, entry)) {
          if (row.changes.find((c) => c.kind === change.kind)?.state !== 'to-apply') continue
          outbox.queue(row.deviceId, change, args.correlationId)
        }
      }
    })()
    ctx.emit('data:changed', dataChanged('outbox', 'devices'))
    return prestagePlan(ctx.db, args.jobId, users)
  }),
}
