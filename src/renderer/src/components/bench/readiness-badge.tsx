import type { BenchDevice } from '@shared/bench-schemas'
import { benchReadinessStrings as text } from '../../strings/bench-readiness'

type Badge = NonNullable<BenchDevice['readiness']>

/** Readiness as icon AND word AND colour (never colour alone); the title carries the check that decided it. */
export function ReadinessBadge({ badge }: { badge: Badge | null }) {
  if (!badge) {
    return (
      <span className="readiness-badge readiness-badge--unknown" data-readiness="none" title={text.noBadge}>
        <span aria-hidden="true">{text.levelIcon.unknown}</span> {text.level.unknown}
      </span>
    )
  }
  return (
    <span className={`readiness-badge readiness-badge--${badge.level}`} data-readiness={badge.level} title={badge.title ?? undefined}>
      <span aria-hidden="true" className="readiness-badge__icon">
        {text.levelIcon[badge.level]}
      </span>{' '}
      {text.level[badge.level]}
    </span>
  )
}

/** A bench device the cache no longer holds: nothing to check it against (bench-readiness.worker.ts). */
export function NotInCacheBadge() {
  return (
    <span className="readiness-badge readiness-badge--blocked" data-readiness="not-in-cache" title={text.noBadge}>
      <span aria-hidden="true" className="readiness-badge__icon">
        {text.levelIcon.blocked}
      </span>{' '}
      {text.notInCache}
    </span>
  )
}
