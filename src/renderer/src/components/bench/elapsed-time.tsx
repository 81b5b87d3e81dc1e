import type { AttemptState } from '@shared/domain/attempt'
import { elapsedMs, formatElapsed } from '@shared/domain/attempt'
import { benchStrings } from '../../strings/bench'
import { useNow } from '../../hooks/use-now'

/** Time since Provision, ticking while the device provisions, frozen at the outcome (as the device's own screen shows it). */
export function ElapsedTime({ state }: { state: AttemptState | null }) {
  const ticking = state?.phase === 'provisioning'
  const now = useNow(ticking)
  const ms = state ? elapsedMs(state, new Date(now).toISOString()) : null
  if (ms === null) return <span className="elapsed elapsed--none">{benchStrings.notStarted}</span>
  return (
    <span className="elapsed" data-ticking={ticking ? 'true' : 'false'}>
      {formatElapsed(ms)}
    </span>
  )
}
