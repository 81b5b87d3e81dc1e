import type { ReadinessLevel } from '@shared/domain/readiness-badge'
import type { AttemptAction } from '@shared/domain/error-knowledge'

/** The bench row's readiness badge, the bench network setting and the outcome cue: every user-visible string. */
export const benchReadinessStrings = {
  column: 'Readiness / stage',
  level: { ready: 'Ready', 'not-ready': 'Not ready', blocked: 'Blocked', unknown: 'Not checked' } satisfies Record<ReadinessLevel, string>,
  levelIcon: { ready: '✓', 'not-ready': '!', blocked: '⊘', unknown: '?' } satisfies Record<ReadinessLevel, string>,
  noBadge: 'Not in the local cache: scan it again or sync.',
  /** A bench device the cache no longer holds (Intune deleted it, or the cache is being rebuilt). */
  notInCache: 'Not cached',
  notInCacheNext: 'Scan it again or sync; if Intune deleted it, register it again',
  /** The device's Autopilot record was deleted from this app (Register devices › Recycle). */
  deletedHereNext: 'Its Autopilot record was deleted here (Register devices › Recycle): register its hardware hash to use it again',
  network: {
    label: 'Bench network',
    hint: 'Language, region and keyboard need Ethernet: on Wi-Fi those pages appear even when the profile hides them.',
    unset: 'Not set',
    wired: 'Wired (Ethernet)',
    wifi: 'Wi-Fi',
  },
  cue: {
    label: 'Sound and flash on success or failure',
    muted: 'Outcome cue muted',
    on: 'Outcome cue on',
  },
  /** What comes next once the technician chose a step after a failure (the attempt is closed). */
  afterAction: {
    retry: 'Press Retry on the device, then P',
    reset: 'Reset the device (export its logs first), then Provision / Next, then P',
    'delete-record': 'Once the Intune device record is deleted: Retry or reset the device, then P',
    unblock: 'Once Unblock device is done: Retry on the device, then P',
    'fix-profile':
      "Fix the profile first: set 'Allow pre-provisioned deployment' to Yes (or assign a profile that has it), wait for Profile status Assigned with that profile, then reset the device and retry",
    're-register': 'Deregister the device, register it again, then start over',
    abandon: 'Set aside: take it off the bench',
  } satisfies Record<AttemptAction, string>,
}
