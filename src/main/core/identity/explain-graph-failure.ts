import type { Channel } from '@shared/channels'
import { explainGraphAuthError } from '@shared/domain/identity-errors'
import type { Feature } from '@shared/domain/permissions'
import { AppFailure } from '../app-error'

/** The feature a channel exercises, so a 403 can name the permission or the role (docs/reference/identity.md §roles). */
export function featureOfChannel(channel: Channel, request: unknown): Feature | null {
  switch (channel) {
    case 'devices:run-online-action': {
      const action = (request as { action?: string }).action
      if (action === 'delete-intune-record') return 'managed-devices-delete'
      if (action === 'unblock-device') return 'unblock-device'
      return 'autopilot-write'
    }
    case 'changes:retry-change':
    case 'changes:resolve-conflict':
      return 'autopilot-write'
    case 'users:search-users':
      return 'users-search'
    case 'sync:start-sync':
    case 'devices:refresh-device':
      return 'autopilot-read'
    default:
      return null
  }
}

const GRAPH_STATUS = /Intune answered (401|403)\b/

/**
 * A Graph 401/403 (or a sign-in the core could not refresh) as the fix, in words: sign in again, the
 * permission an admin consents, or the Intune role a technician needs. `onRoleRefused` remembers a role
 * refusal so the write controls say why before the next try. Other errors pass unchanged.
 */
export function explainGraphFailure(error: unknown, channel: Channel, request: unknown, onRoleRefused: (feature: Feature) => void): unknown {
  if (!(error instanceof AppFailure) || error.code !== 'unauthorized') return error
  const status = GRAPH_STATUS.exec(error.message)?.[1]
  if (!status) return new AppFailure('needs-sign-in', error.message, error.details)
  const feature = featureOfChannel(channel, request)
  const explained = explainGraphAuthError({ status: Number(status), message: error.message, feature })
  if (!explained) return error
  if (explained.problem === 'missing-role' && feature) onRoleRefused(feature)
  return new AppFailure(status === '401' ? 'needs-sign-in' : 'not-permitted', `${explained.title} ${explained.fix}`, error.details)
}
