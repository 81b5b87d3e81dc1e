import type { BenchDevice } from '@shared/bench-schemas'
import { benchStrings } from '../../strings/bench'
import { benchReadinessStrings } from '../../strings/bench-readiness'

/** Phases where the technician is about to press Provision (again): readiness decides what comes first. */
const beforeProvision = new Set(['none', 'idle', 'closed'])

/**
 * The one next step for a bench row. Before Provision (no attempt yet, or the last one closed) an
 * unready device's readiness fix comes first — never "Press Provision again" while the profile or the
 * record still blocks it; after a chosen step, that step's follow-up; otherwise the attempt's phase.
 */
export function benchNextStep(device: BenchDevice): string {
  const state = device.attempt?.state ?? null
  const phase = state?.phase ?? 'none'
  if (beforeProvision.has(phase) && leftTheCache(device))
    return device.deletedHereAt ? benchReadinessStrings.deletedHereNext : benchReadinessStrings.notInCacheNext
  if (beforeProvision.has(phase) && device.readiness && device.readiness.level !== 'ready') return device.readiness.next
  if (phase === 'closed' && state?.nextAction) return benchReadinessStrings.afterAction[state.nextAction.action]
  if (phase === 'none' && device.readiness?.level === 'ready') return benchStrings.next.idle
  return benchStrings.next[phase]
}

/** Whether the row shows the readiness badge (before Provision) rather than the attempt's stage. */
export const showsReadiness = (device: BenchDevice): boolean => device.stage === 'scanned' || device.stage === 'ready'

/** A row before Provision whose device the cache no longer holds (Intune deleted it): nothing to check it against. */
export const leftTheCache = (device: BenchDevice): boolean => showsReadiness(device) && device.inCache === false
