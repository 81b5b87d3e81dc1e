import type { BenchDevice, BenchJob, BenchStage } from '@shared/bench-schemas'
import { attemptReducer, createAttempt, type AttemptEvent, type AttemptState } from '@shared/domain/attempt'
import type { FakeHandlers } from './fake-api'
import { ok } from './fake-api'
import { fail } from '@shared/result'

export function job(id: string, overrides: Partial<BenchJob> = {}): BenchJob {
  return {
    id,
    name: `Order ${id}`,
    purchaseOrder: `PO-${id}`,
    tenantId: 't1',
    expectedProfileId: null,
    expectedProfileName: null,
    groupTag: 'BENCH-A',
    deviceNameTemplate: '',
    createdAt: '2026-11-23T08:00:00.000Z',
    closedAt: null,
    manifestRows: 0,
    ...overrides,
  }
}

export function benchDevice(serial: string, overrides: Partial<BenchDevice> = {}): BenchDevice {
  return {
    deviceId: `id-${serial.toLowerCase()}`,
    serialNumber: serial,
    manufacturer: 'Contoso',
    model: 'Laptop 5',
    jobId: null,
    stage: 'scanned',
    addedAt: '2026-11-23T09:00:00.000Z',
    stageSince: '2026-11-23T09:00:00.000Z',
    attempt: null,
    attemptCount: 0,
    readiness: null,
    ...overrides,
  }
}

const stageOf = (state: AttemptState): BenchStage => (state.phase === 'idle' ? 'ready' : state.phase === 'closed' ? 'failed' : state.phase)

/**
 * A stateful stand-in for the core's bench handlers: attempts go through the real attemptReducer,
 * a Provision press after a closed or resealed attempt starts the next one (as the core does), refusals come back
 * as validation errors. Each recorded event gets an id; an undo must name the device's last one, as
 * the core requires. `recordElsewhere` records an event as another station or a sync would (no call
 * from the app under test).
 */
export function benchHandlers(
  initial: BenchDevice[],
  jobs: BenchJob[] = [],
): FakeHandlers & { devices: () => BenchDevice[]; recordElsewhere: (deviceId: string, event: AttemptEvent) => void } {
  let devices = [...initial]
  /** Each device's rows before each recorded key with that key's id, for undo (the core replays its events; a snapshot is the same here). */
  const before = new Map<string, Array<{ eventId: number; row: BenchDevice }>>()
  let lastEventId = 0
  /** Rows "Remove from bench" took, for its Undo. */
  const removedRows = new Map<string, BenchDevice>()
  const record = (deviceId: string, event: AttemptEvent) => {
    const current = devices.find((item) => item.deviceId === deviceId)
    if (!current) return fail('not-found', 'not at the bench')
    let record = current.attempt
    if (event.type === 'provision-pressed' && (!record || record.state.phase === 'closed' || record.state.phase === 'resealed')) {
      const number = (record?.attemptNumber ?? 0) + 1
      record = {
        attemptNumber: number,
        deviceId,
        jobId: current.jobId,
        state: createAttempt({
          id: `a${number}`,
          serialNumber: current.serialNumber,
          manufacturer: current.manufacturer,
          model: current.model,
          createdAt: event.at,
        }),
      }
    }
    if (!record) return fail('invalid', 'no attempt')
    const result = attemptReducer(record.state, event)
    if (!result.ok) return fail('invalid', result.error.message)
    const attempt = { ...record, state: result.state }
    const device: BenchDevice = { ...current, attempt, attemptCount: attempt.attemptNumber, stage: stageOf(result.state), stageSince: event.at }
    const eventId = ++lastEventId
    before.set(deviceId, [...(before.get(deviceId) ?? []), { eventId, row: current }])
    devices = devices.map((item) => (item.deviceId === deviceId ? device : item))
    return ok({ attempt, device, eventId })
  }
  return {
    devices: () => devices,
    recordElsewhere: (deviceId, event) => void record(deviceId, event),
    'jobs:list-jobs': () => ok({ jobs }),
    'bench:list-devices': () => ok({ devices }),
    'bench:add-device': ({ deviceId, jobId }) => {
      const existing = devices.find((item) => item.deviceId === deviceId)
      const added = existing
        ? // As the core: no job given keeps the one the device has.
          { ...existing, jobId: jobId ?? existing.jobId }
        : benchDevice(deviceId.replace(/^id-/, '').toUpperCase(), { deviceId, jobId: jobId ?? null })
      devices = existing ? devices.map((item) => (item === existing ? added : item)) : [...devices, added]
      return ok(added)
    },
    'bench:remove-device': ({ deviceId }) => {
      const gone = devices.find((item) => item.deviceId === deviceId)
      devices = devices.filter((item) => item.deviceId !== deviceId)
      if (gone) removedRows.set(deviceId, gone)
      const { serialNumber, jobId, addedAt, stage, stageSince } = gone ?? benchDevice('')
      return ok({ removed: gone ? { deviceId, serialNumber, jobId, addedAt, stage, stageSince, visitFirstScannedAt: jobId ? addedAt : null } : null })
    },
    // As the core: the row back as it was, in its place (ordered by first scan); conflict when it is at the bench again.
    'bench:restore-device': ({ removed }) => {
      const row = removedRows.get(removed.deviceId)
      if (!row || devices.some((item) => item.deviceId === removed.deviceId)) return fail('conflict', 'at the bench again')
      devices = [...devices, row].sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.deviceId.localeCompare(b.deviceId))
      return ok(row)
    },
    'attempts:record-event': ({ deviceId, event }) => record(deviceId, event),
    'attempts:undo-last-event': ({ deviceId, eventId }) => {
      const last = before.get(deviceId)?.at(-1)
      const current = devices.find((item) => item.deviceId === deviceId)
      const undone = current?.attempt?.state.timeline.at(-1)
      if (!last || !undone) return fail('conflict', 'There is nothing to undo for this device.')
      if (last.eventId !== eventId) return fail('conflict', `"${undone.label}" was recorded on this device after that key, so the key can no longer be undone.`)
      before.get(deviceId)!.pop()
      devices = devices.map((item) => (item.deviceId === deviceId ? last.row : item))
      return ok({ undone: { type: undone.type, at: undone.at }, device: last.row })
    },
  }
}
