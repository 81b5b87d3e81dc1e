import type { SyncWait } from '@shared/sync-schemas'
import { useNow } from '../hooks/use-now'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { strings } from '../strings'

const w = strings.sync.wait

/** "0:42", "1:48", "1:02:05": a countdown or a time elapsed, to the second. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

/** Milliseconds from `now` to an ISO instant (negative once it has passed). */
export const msUntil = (iso: string, now: number) => Date.parse(iso) - now

/** The first line: which try, and why it is the last. It changes once per try, so it is a live region that is not re-read every second. */
export function syncWaitHeadline(wait: SyncWait): string {
  if (wait.kind === 'pause') return wait.silentSince !== null ? w.pauseAfterNoAnswer(wait.attempt - 1, wait.attempts) : w.pause(wait.reason)
  if (wait.lastTryBecause === 'others-unanswered') return w.noAnswerLastOthers(wait.attempt, wait.attempts)
  return wait.lastTryBecause === 'budget' ? w.noAnswerLast(wait.attempt, wait.attempts) : w.noAnswer(wait.attempt, wait.attempts)
}

/**
 * A sync waiting for Intune, said live: how long Intune has not answered, which try of how many, when this
 * try or the next one comes and when the sync gives up — counted down every second from the core's times,
 * not only when the next progress event comes (the panel's "waiting up to 30 s" stood still for 30 s).
 */
export function SyncWaitView({ wait }: { wait: SyncWait }) {
  const now = useNow(true)
  const dates = useDateFormatter()
  const untilMs = msUntil(wait.until, now)
  const clocks: string[] = []
  if (wait.silentSince !== null) clocks.push(w.silentFor(formatClock(now - Date.parse(wait.silentSince))))
  if (wait.kind === 'pause')
    clocks.push(untilMs > 0 ? w.nextTryIn(wait.attempt, wait.attempts, formatClock(untilMs)) : w.nextTryNow(wait.attempt, wait.attempts))
  else clocks.push(wait.lastTryBecause === null ? w.tryGivesUpIn(formatClock(untilMs)) : w.lastTryGivesUpIn(formatClock(untilMs)))
  // The sync's end is said apart from this try's only when more tries are to come.
  const givesUp = wait.givesUpAt !== null && wait.givesUpAt !== wait.until && !(wait.kind === 'no-answer' && wait.lastTryBecause !== null)
  return (
    <div className="sync-progress__waiting" data-testid="sync-waiting">
      <p role="status" className="sync-wait__headline">
        {syncWaitHeadline(wait)}
      </p>
      <p className="sync-wait__clock" data-testid="sync-wait-clock">
        {clocks.join(' ')}
        {givesUp && wait.givesUpAt ? ` ${w.givesUpAt(formatClock(msUntil(wait.givesUpAt, now)), dates.time(wait.givesUpAt))}` : ''}
      </p>
      {wait.silentSince !== null ? <p className="sync-wait__meanwhile">{w.meanwhile}</p> : null}
    </div>
  )
}
