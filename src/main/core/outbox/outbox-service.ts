import { randomUUID } from 'node:crypto'
import { AppFailure } from '../app-error'
import type { DbClient } from '../worker/db-client'
import type { GraphArgs } from '../worker/method'
import type { LogSink } from '../logging/log-sink'

export interface OutboxServiceDeps {
  db: DbClient
  graphArgs: (correlationId: string) => Promise<GraphArgs & { retryBaseMs?: number; maxServerErrors?: number }>
  log: LogSink
  onConnectivity: (online: boolean) => void
  /** Longest wait between delivery runs while changes are pending (reconnection is noticed this fast). */
  maxIdleMs?: number | undefined
}

/**
 * Runs delivery whenever there may be something to deliver: right after a change is queued, after a
 * sync, at start-up, and on a timer while anything is pending (that is how changes made offline
 * reach Intune after reconnection). One run at a time; a kick during a run schedules one more.
 */
export function createOutboxService(deps: OutboxServiceDeps) {
  let running: Promise<void> | null = null
  let again = false
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const maxIdleMs = deps.maxIdleMs ?? 15_000

  /**
   * Set while the tenant has no usable sign-in (the token could not be had): nothing is retried until a
   * kick (the sign-in, a new change). Before, the past `nextAttemptAt` of the waiting changes set the
   * timer to its 250 ms floor: four failed runs and log lines a second, with nothing sent.
   */
  let waitingForSignIn = false

  async function runOnce() {
    const correlationId = randomUUID()
    let args: Awaited<ReturnType<OutboxServiceDeps['graphArgs']>>
    try {
      args = await deps.graphArgs(correlationId)
    } catch (error) {
      const notSignedIn = error instanceof AppFailure && error.code === 'unauthorized'
      if (notSignedIn && !waitingForSignIn) deps.log.log('info', 'outbox waits for a sign-in', { correlationId })
      else if (!notSignedIn) deps.log.log('warn', 'outbox delivery failed', { correlationId, message: (error as Error).message })
      waitingForSignIn = notSignedIn
      return
    }
    waitingForSignIn = false
    try {
      const report = await deps.db.call('outbox.deliver', args)
      // Only a run that asked Intune says anything about the network: an empty outbox is not "online".
      if (report.offline) deps.onConnectivity(false)
      else if (report.contacted) deps.onConnectivity(true)
      if (report.done + report.failed + report.conflicts > 0) deps.log.log('info', 'outbox delivered', { correlationId, ...report })
    } catch (error) {
      deps.log.log('warn', 'outbox delivery failed', { correlationId, message: (error as Error).message })
    }
  }

  async function schedule() {
    if (stopped || waitingForSignIn) return
    const summary = await deps.db.call('outbox.summary', {}).catch(() => null)
    if (!summary?.nextAttemptAt) return
    const wait = Math.max(250, Math.min(maxIdleMs, Date.parse(summary.nextAttemptAt) - Date.now()))
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void kick(), wait)
    timer.unref()
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve()
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await runOnce()
      } while (again && !stopped)
      running = null
      await schedule()
    })()
    return running
  }

  return {
    kick,
    isRunning: () => running !== null,
    /** No usable sign-in at the last try: delivery waits for one (no timer meanwhile). */
    isWaitingForSignIn: () => waitingForSignIn,
    /** Resolves when no delivery run is in progress (tests, shutdown). */
    idle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}

export type OutboxService = ReturnType<typeof createOutboxService>
