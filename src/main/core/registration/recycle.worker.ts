import { dataChanged } from '@shared/data-topics'
import { confirmsSerial, RECYCLE_FLOWS } from '@shared/domain/recycle-flows'
import type { RecyclePlan, RecycleStepResult } from '@shared/registration-schemas'
import { hasManagedDevice } from '@shared/domain/readiness-reuse'
import { AppFailure, toEnvelopeError } from '../app-error'
import { channelMethod } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { managedDeviceIdOf, runOnlineAction } from '../intune/online-actions.worker'
import { refreshDevice } from '../sync/refresh-device.worker'
import { createDevicesRepo } from '../repos/devices-repo'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createOutboxRepo } from '../repos/outbox-repo'

const devicePath = (id: string) => `/deviceManagement/windowsAutopilotDeviceIdentities/${encodeURIComponent(id)}`

const destructive = new Set(
  Object.values(RECYCLE_FLOWS)
    .flatMap((flow) => flow.steps)
    .filter((step) => step.destructive && step.action)
    .map((step) => step.action!),
)

/**
 * The action steps of the recycle flows (docs/registration.md › Recycle; docs/reference/autopilot.md §5.5):
 * delete the Intune record, unassign the user, delete the Autopilot registration, check that it is gone.
 * Online only, never retried blindly, each in the audit log with the serial. Destructive steps run only
 * when the serial typed or scanned again matches the device's.
 */
export const recycleMethods = {
  /**
   * Read from Intune first (the device may have enrolled, or lost its user, since the last sync). The Autopilot
   * record does not always carry the link to its Intune record, so when it has none the record is looked for by
   * serial, as deleting it does (online-actions.worker.ts); only then is "no Intune record" said.
   */
  ...channelMethod('recycle:get-plan', { readOnly: false, graph: { maxRetries: 0, timeoutMs: 10_000 } }, async (ctx, args): Promise<RecyclePlan> => {
    const deviceId = args.deviceId.toLowerCase()
    const beta = graphFor(ctx, args)
    const v1 = graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl) })
    const refreshed = await refreshDevice(ctx.db, beta, deviceId, args.correlationId)
    const base = { deviceId, source: refreshed.source, notice: refreshed.notice }
    if (refreshed.source === 'online' && !refreshed.device) {
      ctx.emit('data:changed', dataChanged('devices'))
      return { ...base, autopilotRecord: false, intuneRecord: null, entraDevice: null, userPrincipalName: '' }
    }
    const row = createDevicesRepo(ctx.db).getRow(deviceId)
    if (!row) throw new AppFailure('not-found', 'This device is not in the local cache. Find it by serial number again (or sync).')
    let intuneRecord: boolean | null = hasManagedDevice(row.managed_device_id) ? true : null
    if (intuneRecord === null && refreshed.source === 'online') {
      try {
        intuneRecord = (await managedDeviceIdOf({ db: ctx.db, beta, v1, ctx: { correlationId: args.correlationId } }, deviceId)) !== null
      } catch {
        intuneRecord = null // not known: the step is offered, and says what it finds when run
      }
    }
    return {
      ...base,
      autopilotRecord: true,
      intuneRecord,
      entraDevice: hasManagedDevice(row.entra_device_id) ? true : refreshed.source === 'online' ? false : null,
      userPrincipalName: row.user_principal_name,
    }
  }),
  ...channelMethod('recycle:run-step', { readOnly: false, graph: { maxRetries: 0, timeoutMs: 15_000 } }, async (ctx, args): Promise<RecycleStepResult> => {
    const deviceId = args.deviceId.toLowerCase()
    const device = createDevicesRepo(ctx.db).get(deviceId)
    if (!device) throw new AppFailure('not-found', 'This device is not in the local cache. Find it by serial number again (or sync), then repeat the step.')
    if (destructive.has(args.action) && !confirmsSerial(args.confirmSerial, device.serialNumber)) {
      throw new AppFailure('invalid', `Type or scan the serial number ${device.serialNumber} to confirm this step; nothing was changed.`)
    }
    const beta = graphFor(ctx, args)
    const v1 = graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl) })
    const audit = (details: Record<string, unknown>) =>
      createAuditLogRepo(ctx.db).add({
        at: new Date().toISOString(),
        action: `recycle-${args.action}`,
        deviceId,
        correlationId: args.correlationId,
        details: { serialNumber: device.serialNumber, ...details },
      })
    const done = (message: string, gone = false): RecycleStepResult => {
      ctx.emit('data:changed', dataChanged('devices', 'bench'))
      return { action: args.action, done: true, message, gone }
    }
    switch (args.action) {
      case 'delete-intune-record': {
        const result = await runOnlineAction({ db: ctx.db, beta, v1, ctx: { correlationId: args.correlationId } }, 'delete-intune-record', deviceId)
        if (!result.done) audit({ skipped: result.message })
        return { action: args.action, done: result.done, message: result.message, gone: false }
      }
      case 'unassign-user': {
        // A queued "assign user" would be delivered after this unassign and give the leaving device its
        // user back (a walk found it became a conflict for the Changes screen to sort out). It is the
        // technician's change: it is named and left for them to discard, never dropped here.
        const queued = createOutboxRepo(ctx.db)
          .list(deviceId, false)
          .find((item) => item.change.kind === 'assign-user')
        if (queued?.change.kind === 'assign-user') {
          audit({ skipped: 'assign-user queued', outboxId: queued.id })
          return {
            action: args.action,
            done: false,
            message: `A change waiting in Changes assigns ${queued.change.userPrincipalName} to this device; after this step it would assign the user again. Discard that change in Changes first, then run this step. Nothing was unassigned.`,
            gone: false,
          }
        }
        if (!device.userPrincipalName) {
          audit({ skipped: 'no user assigned' })
          return { action: args.action, done: true, message: 'No user is assigned to this device; nothing to unassign.', gone: false }
        }
        await beta.post(`${devicePath(deviceId)}/unassignUserFromDevice`, {}, { correlationId: args.correlationId })
        audit({ userPrincipalName: device.userPrincipalName })
        await refreshDevice(ctx.db, beta, deviceId, args.correlationId)
        return done(`${device.userPrincipalName} was unassigned.`)
      }
      case 'delete-autopilot-record': {
        try {
          await beta.delete(devicePath(deviceId), { correlationId: args.correlationId })
        } catch (error) {
          if (toEnvelopeError(error).code !== 'not-found') throw error
        }
        audit({})
        return done(`The Autopilot registration of ${device.serialNumber} was deleted. Check until it is gone.`)
      }
      case 'check-gone': {
        const result = await refreshDevice(ctx.db, beta, deviceId, args.correlationId)
        const gone = result.device === null && result.notice?.code === 'not-found'
        audit({ gone })
        if (gone) return done(`${device.serialNumber} is no longer in Windows Autopilot devices.`, true)
        if (result.source === 'cache')
          return { action: args.action, done: false, message: `Intune could not be asked: ${result.notice?.message ?? ''}`, gone: false }
        return done(`${device.serialNumber} is still listed. Intune can take a while: wait, sync, and check again.`)
      }
    }
  }),
}
