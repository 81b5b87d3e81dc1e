import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { AppFailure } from '../app-error'
import type { OnlineAction } from '@shared/action-schemas'

type CardChannel = 'devices:get-device-card' | 'devices:run-online-action'

/** The actions in Intune admin-center words. */
const actionNames: Record<OnlineAction, string> = {
  'autopilot-sync': 'Sync (Windows Autopilot devices)',
  'unblock-device': 'Unblock device',
  'delete-intune-record': 'Delete the Intune device record',
}

const offline = (action: OnlineAction) =>
  new AppFailure(
    'offline',
    `${actionNames[action]} needs Intune, which can't be reached now; it is never queued. Check the network, then try again when the app shows it is online.`,
  )

/** Device card and online-only Intune actions: both read and set the core's connectivity (main thread). */
export function createCardHandlers(core: Core): Pick<Handlers, CardChannel> {
  return {
    'devices:get-device-card': async (request, ctx) => {
      // The card comes from the cache at once. What the cache can't know (Entra object, user licence) is
      // asked beside it when not fresh and not known offline; meanwhile those rules say they are being
      // checked, and the card re-reads when the check ends (online-checks.ts, which keeps that re-read
      // from asking again).
      const id = request.id.toLowerCase()
      const card = await core.db.call('card.get', { id, jobId: request.jobId, now: new Date().toISOString(), checking: core.onlineChecks.checking(id) })
      if (card?.readiness.items.some((item) => item.checking)) core.onlineChecks.start(id, ctx.correlationId)
      return card
    },
    'devices:run-online-action': async (request, ctx) => {
      // Known offline (the last sync or delivery could not reach Intune): refuse without trying.
      if (core.connectivity.online === false) throw offline(request.action)
      try {
        const result = await core.db.call('intune.action', { ...(await core.graphArgs(ctx.correlationId)), action: request.action, deviceId: request.deviceId })
        core.setOnline(true)
        return result
      } catch (error) {
        if ((error as { code?: string }).code !== 'offline') throw error
        core.setOnline(false)
        throw offline(request.action)
      }
    },
  }
}
