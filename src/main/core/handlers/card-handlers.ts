import type { Core } from '../create-core'
import type { Handlers } from '../handlers'
import { notBuiltYet } from './not-built-yet'

type CardChannel = 'devices:get-device-card' | 'devices:list-group-tags' | 'devices:run-online-action' | 'autopilot:get-sync-state' | 'profiles:list-profiles'

/** Device card, readiness and online-only Intune actions (issue 7 §2, §3, §6). */
export function createCardHandlers(_core: Core): Pick<Handlers, CardChannel> {
  return {
    'devices:get-device-card': notBuiltYet('devices:get-device-card'),
    'devices:list-group-tags': notBuiltYet('devices:list-group-tags'),
    'devices:run-online-action': notBuiltYet('devices:run-online-action'),
    'autopilot:get-sync-state': notBuiltYet('autopilot:get-sync-state'),
    'profiles:list-profiles': notBuiltYet('profiles:list-profiles'),
  }
}
