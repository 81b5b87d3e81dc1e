import type Database from 'better-sqlite3'
import { AppFailure, toEnvelopeError } from '../app-error'
import type { GraphClient, RequestContext } from '../graph/graph-client'
import type { GraphError } from '../graph/graph-error'
import { dateOrNull } from '../graph/device-mapper'
import { refreshDevice } from '../sync/refresh-device.worker'
import type { ActionResult, AutopilotSyncState, OnlineAction } from '@shared/action-schemas'
import { ALREADY_SYNCING, tooSoonMessage } from './sync-rule-message'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { unblockNeed, type UnblockFacts } from '@shared/domain/unblock-need'
import { userlessStatusWords } from '@shared/domain/enrollment-words'

const tenMinutesMs = 10 * 60_000
const devicePath = (id: string) => `/deviceManagement/windowsAutopilotDeviceIdentities/${encodeURIComponent(id)}`

/** The 10-minute rule's countdown, from what Intune last told us (tenant_settings). */
export function autopilotSyncState(db: Database.Database): AutopilotSyncState {
  const settings = createTenantSettingsRepo(db)
  const read = (key: string) => {
    const value = settings.get(key)
    return value !== null ? (JSON.parse(value) as unknown) : null
  }
  const last = dateOrNull(read('lastManualSyncTriggerDateTime'))
  const status = read('syncStatus')
  return {
    lastManualSyncTriggerAt: last,
    nextAllowedAt: last ? new Date(Date.parse(last) + tenMinutesMs).toISOString() : null,
    syncStatus: typeof status === 'string' ? status : null,
  }
}

function storeSetting(db: Database.Database, key: string, value: unknown) {
  createTenantSettingsRepo(db).put(key, value, new Date().toISOString())
}

export interface OnlineActionDeps {
  db: Database.Database
  beta: GraphClient
  v1: GraphClient
  ctx: RequestContext
}

/**
 * Autopilot sync (tenant-wide import of new registrations), Unblock (allowNextEnrollment, for the
 * one-time pre-provisioning limit 0x80180014) and deleting the Intune device record. Each is one
 * POST/DELETE, never retried blindly (a 429 here is Intune's 10-minute rule, not a blip), and
 * recorded in the audit log.
 */
export async function runOnlineAction(deps: OnlineActionDeps, action: OnlineAction, deviceId: string | null): Promise<ActionResult> {
  const audit = (details: Record<string, unknown>) =>
    createAuditLogRepo(deps.db).add({ at: new Date().toISOString(), action, deviceId, correlationId: deps.ctx.correlationId, details })
  if (action === 'autopilot-sync') return autopilotSync(deps, audit)
  if (!deviceId) throw new AppFailure('invalid', 'Choose a device first.')
  if (action === 'unblock-device') return unblockDevice(deps, deviceId, audit)
  const managedId = await managedDeviceIdOf(deps, deviceId)
  if (!managedId)
    return {
      action,
      done: false,
      message: 'Intune has no device record (managed device) for this Autopilot device, so there is nothing to delete.',
      autopilotSync: null,
    }
  await deps.v1.delete(`/deviceManagement/managedDevices/${encodeURIComponent(managedId)}`, deps.ctx)
  audit({ managedDeviceId: managedId })
  await refreshDevice(deps.db, deps.beta, deviceId, deps.ctx.correlationId)
  return { action, done: true, message: 'The Intune device record was deleted. Retry or reset the device to enroll it again.', autopilotSync: null }
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const unblockFactsOf = (device: Record<string, unknown>): UnblockFacts => ({
  userlessEnrollmentStatus: text(device.userlessEnrollmentStatus),
  enrollmentState: text(device.enrollmentState),
  managedDeviceId: text(device.managedDeviceId),
  manufacturer: text(device.manufacturer),
  model: text(device.model),
})

/**
 * Unblock device, said as it is. It reported "Unblocked: the device may enroll once more" for any
 * device, also one Intune never blocked. What Intune reports now (read first, not the cache) decides:
 * with nothing to unblock it is not sent, since Microsoft's docs describe allowNextEnrollment only as
 * "unblocks next autopilot enrollment" and say nothing of what it does for a device that isn't blocked.
 */
async function unblockDevice(deps: OnlineActionDeps, deviceId: string, audit: (details: Record<string, unknown>) => void): Promise<ActionResult> {
  const before = unblockFactsOf((await deps.beta.getJson(devicePath(deviceId), deps.ctx)) as Record<string, unknown>)
  const need = unblockNeed(before)
  if (need.kind === 'nothing-to-unblock') {
    await refreshDevice(deps.db, deps.beta, deviceId, deps.ctx.correlationId)
    return { action: 'unblock-device', done: false, message: `${need.reason} Unblock device was not sent.`, autopilotSync: null }
  }
  await deps.beta.post(`${devicePath(deviceId)}/allowNextEnrollment`, {}, deps.ctx)
  audit({ userlessEnrollmentStatusBefore: before.userlessEnrollmentStatus })
  const refreshed = await refreshDevice(deps.db, deps.beta, deviceId, deps.ctx.correlationId)
  const after = refreshed.source === 'online' ? (createDevicesRepo(deps.db).getRow(deviceId.toLowerCase())?.userless_enrollment_status ?? null) : null
  const now = after ? ` Intune now reports userless enrollment status ${userlessStatusWords(after)}.` : ''
  const message =
    need.kind === 'blocked'
      ? `Unblocked: Intune accepted Unblock device for a device it blocked.${now} Retry pre-provisioning on the device.`
      : `Unblock device sent and accepted by Intune, which documents it as unblocking the next Autopilot enrollment. Intune had not reported the device as blocked (userless enrollment status ${userlessStatusWords(before.userlessEnrollmentStatus ?? 'unknown')}); it was sent because the device enrolled before and the one-time pre-provisioning limit would block it. Retry pre-provisioning on the device.`
  return { action: 'unblock-device', done: true, message, autopilotSync: null }
}

/** The Intune device record (managed device) of an Autopilot device, read from Intune; null when it has none. */
export async function managedDeviceIdOf(deps: OnlineActionDeps, deviceId: string): Promise<string | null> {
  const device = (await deps.beta.getJson(devicePath(deviceId), deps.ctx)) as { managedDeviceId?: unknown; serialNumber?: unknown }
  const id = typeof device.managedDeviceId === 'string' && !/^[0-]*$/.test(device.managedDeviceId) ? device.managedDeviceId : null
  if (id) return id
  if (typeof device.serialNumber !== 'string') return null
  // The identity does not always carry the link; the serial finds the record (docs/reference/graph-api.md B8).
  const filter = encodeURIComponent(`serialNumber eq '${device.serialNumber.replace(/'/g, "''")}'`)
  const found = (await deps.v1.getJson(`/deviceManagement/managedDevices?$filter=${filter}&$select=id`, deps.ctx)) as { value?: Array<{ id?: unknown }> }
  const first = found.value?.find((d) => typeof d.id === 'string')
  return first ? (first.id as string) : null
}

async function autopilotSync(deps: OnlineActionDeps, audit: (details: Record<string, unknown>) => void): Promise<ActionResult> {
  try {
    // maxRetries 0: its 429 (10-minute rule) and 409 are rules answered below, never waited out or capped (B4, B15).
    await deps.beta.post('/deviceManagement/windowsAutopilotSettings/sync', {}, { ...deps.ctx, maxRetries: 0 })
  } catch (error) {
    const status = (error as Partial<GraphError>).status
    if (status === 409) return { action: 'autopilot-sync', done: false, message: ALREADY_SYNCING, autopilotSync: autopilotSyncState(deps.db) }
    if (status === 429) {
      const retryAfter = (error as GraphError).retryAfterSeconds
      if (retryAfter !== null) storeSetting(deps.db, 'lastManualSyncTriggerDateTime', new Date(Date.now() + retryAfter * 1000 - tenMinutesMs).toISOString())
      const state = autopilotSyncState(deps.db)
      return { action: 'autopilot-sync', done: false, message: tooSoonMessage(state, Date.now()), autopilotSync: state }
    }
    throw new AppFailure(toEnvelopeError(error).code, toEnvelopeError(error).message)
  }
  audit({})
  const settings = (await deps.beta.getJson('/deviceManagement/windowsAutopilotSettings', deps.ctx).catch(() => null)) as Record<string, unknown> | null
  storeSetting(deps.db, 'lastManualSyncTriggerDateTime', dateOrNull(settings?.lastManualSyncTriggerDateTime) ?? new Date().toISOString())
  if (settings) storeSetting(deps.db, 'syncStatus', settings.syncStatus ?? null)
  return {
    action: 'autopilot-sync',
    done: true,
    message: 'Autopilot sync started. New registrations appear in Windows Autopilot devices after it finishes; the next manual sync is allowed in 10 minutes.',
    autopilotSync: autopilotSyncState(deps.db),
  }
}
