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
      // Online, first ask what the cache can't know (Entra object, user licence); skipped when fresh
      // or known offline, and a failure only leaves those checks unknown.
      if (core.connectivity.online !== false) {
        // A tenant that needs sign-in has no token: the card still comes from the cache.
        const checked = await core
          .graphArgs(ctx.correlationId)
          .then((args) => core.db.call('card.verify-online', { ...args, id: request.id }))
          .catch(() => null)
        if (checked?.offline) core.setOnline(false)
      }
      return core.db.call('card.get', { id: request.id, jobId: request.jobId, now: new Date().toISOString() })
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
