import type Database from 'better-sqlite3'
import type { DeviceChange, OutboxItem } from '@shared/change-schemas'
import { dataChanged } from '@shared/data-topics'
import type { PrestagePlan, PrestageRow } from '@shared/registration-schemas'
import { AppFailure } from '../app-error'
import { channelMethod, internalMethod } from '../worker/method'
import { createJobsRepo } from '../repos/jobs-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createOutboxRepo } from '../repos/outbox-repo'

/**
 * Bulk pre-staging (docs/registration.md › Bulk pre-staging): a job's manifest (serial → user, greeting
 * name, device name) plus the job's group tag, set on its registered devices through the outbox. The
 * outbox is durable and delivers one change at a time, honouring Intune's Retry-After (docs/reference/graph-api.md
 * §B10, §B15), so hundreds of changes go at Intune's pace and resume after a restart. The plan is read
 * again from the outbox every time: each row's result is the state of its changes.
 */
const ACTIVE = new Set(['pending', 'sending', 'verifying'])

function wantedChanges(job: { groupTag: string }, row: { userPrincipalName: string; addressableUserName: string; displayName: string }): DeviceChange[] {
  const changes: DeviceChange[] = []
  if (job.groupTag !== '') changes.push({ kind: 'group-tag', groupTag: job.groupTag })
  if (row.userPrincipalName !== '')
    changes.push({ kind: 'assign-user', userPrincipalName: row.userPrincipalName, addressableUserName: row.addressableUserName })
  if (row.displayName !== '') changes.push({ kind: 'device-name', displayName: row.displayName })
  return changes
}

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

export function prestagePlan(db: Database.Database, jobId: string): PrestagePlan {
  const job = createJobsRepo(db).get(jobId)
  if (!job) throw new AppFailure('not-found', 'This job no longer exists.')
  const devices = createDevicesRepo(db)
  const outbox = createOutboxRepo(db)
  const rows: PrestageRow[] = createJobsRepo(db)
    .manifest(jobId)
    .map((entry) => {
      const base = { serialNumber: entry.serialNumber, groupTag: job.groupTag, userPrincipalName: entry.userPrincipalName, displayName: entry.displayName }
      const device = devices.findBySerial(entry.serialNumber)[0]
      if (!device) return { ...base, deviceId: null, state: 'not-registered' as const, changes: [] }
      const full = devices.get(device.id)!
      const items = outbox.list(device.id, true)
      const changes = wantedChanges(job, entry).map((change) => {
        // Newest first: the latest item of this kind with these values is this row's change (a discarded one counts as never sent).
        const item = items.find((candidate) => sameValues(candidate, change) && candidate.state !== 'discarded')
        if (item) return { kind: change.kind, state: item.state, message: item.lastError?.message ?? null }
        return { kind: change.kind, state: alreadyThere(full, change) ? 'done' : 'to-apply', message: null }
      })
      const states = changes.map((change) => change.state)
      const state: PrestageRow['state'] =
        changes.length === 0
          ? 'nothing'
          : states.some((s) => s === 'failed' || s === 'conflict')
            ? 'failed'
            : states.some((s) => ACTIVE.has(s))
              ? 'in-progress'
              : states.some((s) => s === 'to-apply')
                ? 'to-apply'
                : 'done'
      return { ...base, deviceId: device.id, state, changes }
    })
  const count = (state: PrestageRow['state']) => rows.filter((row) => row.state === state).length
  return {
    jobId,
    rows,
    counts: {
      rows: rows.length,
      notRegistered: count('not-registered'),
      toApply: count('to-apply'),
      inProgress: count('in-progress'),
      done: count('done'),
      failed: count('failed'),
      nothing: count('nothing'),
    },
  }
}

export const prestageMethods = {
  ...channelMethod('prestage:get-plan', { readOnly: true }, (ctx, args) => prestagePlan(ctx.db, args.jobId)),
  /** Queues every change still to apply; changes already queued or shown by Intune are left alone, so applying again resumes. */
  ...internalMethod('prestage.apply', { readOnly: false }, (ctx, args: { jobId: string; correlationId: string }) => {
    const job = createJobsRepo(ctx.db).get(args.jobId)
    if (!job) throw new AppFailure('not-found', 'This job no longer exists.')
    if (job.closedAt) throw new AppFailure('conflict', `The job "${job.name}" is closed.`)
    const outbox = createOutboxRepo(ctx.db)
    const plan = prestagePlan(ctx.db, args.jobId)
    ctx.db.transaction(() => {
      for (const row of plan.rows) {
        if (!row.deviceId) continue
        const entry = createJobsRepo(ctx.db).manifestFor(args.jobId, row.serialNumber)
        if (!entry) continue
        for (const change of wantedChanges(job, entry)) {
          if (row.changes.find((c) => c.kind === change.kind)?.state !== 'to-apply') continue
          outbox.queue(row.deviceId, change, args.correlationId)
        }
      }
    })()
    ctx.emit('data:changed', dataChanged('outbox', 'devices'))
    return prestagePlan(ctx.db, args.jobId)
  }),
}
