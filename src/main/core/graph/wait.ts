import { AppFailure } from '../app-error'

/** Node's timers take a signed 32-bit delay: anything from 2³¹ ms on silently becomes 1 ms. */
export const maxTimerMs = 2 ** 31 - 1

export const cancelled = () => new AppFailure('cancelled', 'Cancelled: nothing more was asked of Intune.')

/** A signal that aborts when either does (`first` may be absent: then `second` itself). */
export function eitherAborts(first: AbortSignal | undefined, second: AbortSignal): AbortSignal {
  return first ? AbortSignal.any([first, second]) : second
}

/** Throws 'cancelled' when the run was cancelled; call between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled()
}

/**
 * Waits `ms`, or rejects with 'cancelled' as soon as `signal` aborts. Never hands setTimeout 2³¹ ms
 * or more (long waits are chained in pieces), nor NaN or a negative delay.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled())
  const total = Number.isFinite(ms) ? Math.max(0, ms) : 0
  return new Promise<void>((resolve, reject) => {
    const until = Date.now() + total
    let timer: ReturnType<typeof setTimeout> | undefined
    const onAbort = () => {
      clearTimeout(timer)
      reject(cancelled())
    }
    const step = () => {
      const left = until - Date.now()
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort)
        return resolve()
      }
      timer = setTimeout(step, Math.min(left, maxTimerMs))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    step()
  })
}

/** "45 s", "4 min 30 s", "1 h", "2 h 5 min", "more than a day": a wait as the technician reads it. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60)
    return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`
  }
  return 'more than a day'
}

/**
 * Resolves once the event loop has polled for I/O at least once: a connection that completed meanwhile
 * has been handled, and the request waiting on it written. One setImmediate is not enough: called from
 * an I/O callback it runs in the same turn's check phase, before any further poll.
 */
export const afterOnePoll = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)))
