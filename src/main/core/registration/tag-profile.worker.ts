import type Database from 'better-sqlite3'
import { groupTagProfileOutcome } from '@shared/domain/group-tag-outcome'
import { bringsNoProfile, tagOutcomeOf } from '@shared/domain/awaited-profile'
import { createCardReaders } from '../card/card-queries.worker'
import { tenantExplanationInput } from '../card/readiness-input'
import { createDevicesRepo } from '../repos/devices-repo'
import { createOutboxRepo } from '../repos/outbox-repo'

/** A group tag that leads to no deployment profile, with the explanation's chain (why none). */
export interface TagWithoutProfile {
  chain: string
  certain: boolean
}

/**
 * Where a group tag leads in the cached tenant, by the job form's rule (`jobs:check-group-tag`:
 * group-tag-outcome.ts on the cached groups, assignments and profiles), memoized per tag: null when it
 * leads to a profile, or when the cache has no profiles at all (never synced: nothing can be told).
 */
export function tagsWithoutProfile(db: Database.Database): (tag: string) => TagWithoutProfile | null {
  const tenant = createCardReaders(db).tenant()
  const memo = new Map<string, TagWithoutProfile | null>()
  return (raw) => {
    const tag = raw.trim()
    if (tenant.profiles.length === 0) return null
    if (!memo.has(tag)) {
      const outcome = groupTagProfileOutcome(tenantExplanationInput(tenant, tag, ''), tag, null)
      memo.set(tag, outcome.kind === 'no-profile' ? { chain: outcome.chain, certain: outcome.certain } : null)
    }
    return memo.get(tag) ?? null
  }
}

/**
 * A registered device with no profile to wait for: Not assigned, and the group tag it will have (a queued
 * change's, else Intune's) leads to no deployment profile: the card's rule (awaited-profile.ts, "No deployment
 * profile to wait for"), so the upload never waits for an assignment the card says is not coming.
 * Null when there is one to wait for (or the cache cannot tell).
 */
export function noProfileToWaitFor(db: Database.Database): (deviceId: string) => (TagWithoutProfile & { tag: string }) | null {
  const tenant = createCardReaders(db).tenant()
  const devices = createDevicesRepo(db)
  const outbox = createOutboxRepo(db)
  return (deviceId) => {
    if (tenant.profiles.length === 0) return null
    const device = devices.getRow(deviceId.toLowerCase())
    if (!device || device.profile_status !== 'notAssigned') return null
    const pending = outbox.pendingValues([device.id]).get(device.id) ?? []
    const outcome = tagOutcomeOf(tenantExplanationInput(tenant, device.group_tag, device.purchase_order), pending)
    return bringsNoProfile(outcome) ? { tag: outcome.tag, chain: outcome.explanation.chain, certain: outcome.explanation.certain } : null
  }
}
