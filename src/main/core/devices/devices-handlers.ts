import { join } from 'node:path'
import type { Core } from '../create-core'
import { tenantDbFileName } from '../tenant'
import type { Handlers } from '../handler-types'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'
import { toEnvelopeError } from '../app-error'

/**
 * A device refreshed on a scan is the app's most frequent question to Intune, so its answer also says
 * whether Intune can be reached: the status bar shows Offline when Intune can't be reached, not only
 * when the page can't reach its own server.
 */
export function createDevicesHandlers(
  core: Core,
): Pick<Handlers, 'devices:refresh-device' | 'devices:find-in-other-tenants' | 'devices:find-by-serial-in-intune'> {
  return {
    // A scan the active tenant's cache does not know may belong to another tenant this bench has
    // synced (a customer's device on the wrong tenant): the scan says which, instead of "register it".
    // The scan store asks only after a miss, so the normal path never opens another file.
    'devices:find-in-other-tenants': async (request) => {
      const others = ((await core.identity?.overview())?.tenants ?? []).filter((tenant) => tenant.id !== core.tenant.id)
      if (others.length === 0) return { otherTenant: null }
      const files = others.map((tenant) => ({ tenantId: tenant.id, file: join(core.dataDir, tenantDbFileName(tenant.id)) }))
      const hit = await core.db.call('devices.find-in-other-caches', { files, serialNumber: request.serialNumber, ztdId: request.ztdId })
      const tenant = others.find((candidate) => candidate.id === hit)
      return { otherTenant: tenant ? { id: tenant.id, displayName: tenant.displayName } : null }
    },
    // Offline, signed out or refused: not an error of the scan, only "Intune could not be asked" (the scan says so
    // instead of "register it again", which would be a guess).
    'devices:find-by-serial-in-intune': async (request, ctx) => {
      try {
        const devices = await core.db.call('devices.find-by-serial-in-intune', {
          ...(await core.graphArgs(ctx.correlationId)),
          serialNumber: request.serialNumber,
        })
        core.setOnline(true)
        return { devices, checked: true, notice: null }
      } catch (error) {
        const notice = toEnvelopeError(error)
        if (INTUNE_UNREACHABLE.has(notice.code)) core.setOnline(false)
        return { devices: [], checked: false, notice: { code: notice.code, message: notice.message } }
      }
    },
    'devices:refresh-device': async (request, ctx) => {
      const result = await core.db.call('devices.refresh', { ...(await core.graphArgs(ctx.correlationId)), id: request.id })
      if (result.source === 'online') {
        core.setOnline(true)
        // What the record can't tell (Entra object, user licence) is asked now too, as the card does, so
        // the bench row's readiness badge is complete without opening the card (skipped while fresh).
        // Not awaited: the scan's answer must not wait for (or time out on) these extra lookups. The same
        // checks as the card's (one at a time per device), so a card opened meanwhile says "being checked".
        if (result.device) core.onlineChecks.start(result.device.id.toLowerCase(), ctx.correlationId)
      } else if (result.notice && INTUNE_UNREACHABLE.has(result.notice.code)) core.setOnline(false)
      return result
    },
  }
}
