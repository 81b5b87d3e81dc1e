import { randomUUID } from 'node:crypto'
import type { DbClient } from '../worker/db-client'
import type { GraphArgs } from '../worker/method'
import type { LogSink } from '../logging/log-sink'
import type { RegistrationTiming } from './upload-step.worker'

export interface RegistrationServiceDeps {
  db: DbClient
  graphArgs: (correlationId: string) => Promise<GraphArgs>
  log: LogSink
  /** Shorter polls and timeouts in tests; the worker's defaults otherwise. */
  timing?: Partial<RegistrationTiming> | undefined
}

/**
 * Drives the upload engine (upload-step.worker.ts): one `registration.step` after another, as soon or
 * as late as the step asks, while a confirmed import is unfinished. Kicked when the technician confirms
 * or retries and at start-up, so an upload interrupted by a restart resumes. A failed try of an import
 * is kept on it with the time of its next try (the step's retry budget, MAX_ERROR_TRIES); a step that
 * could not run at all (no token) is tried again later, waiting longer each time (up to 2 minutes).
 */
export function createRegistrationService(deps: RegistrationServiceDeps) {
  let running: Promise<void> | null = null
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let failures = 0

  async function loop(): Promise<void> {
    while (!stopped) {
      const correlationId = randomUUID()
      let next: number | null
      try {
        // No token is fetched (and nothing logged) while there is nothing to upload.
        if (!(await deps.db.call('registration.pending', {}))) return
        const result = await deps.db.call('registration.step', { ...(await deps.graphArgs(correlationId)), timing: deps.timing })
        failures = 0
        next = result.nextInMs
        for (const failure of result.failures ?? [])
          deps.log.log('warn', failure.failed ? 'registration import failed' : 'registration try failed', { correlationId, ...failure, retryInMs: next })
      } catch (error) {
        failures++
        next = Math.min(120_000, 2_000 * 2 ** Math.min(failures, 6))
        deps.log.log('warn', 'registration step failed', { correlationId, message: (error as Error).message, retryInMs: next })
      }
      if (next === null || stopped) return
      if (next > 0) {
        timer = setTimeout(() => void kick(), next)
        timer.unref()
        return
      }
    }
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve()
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (running) return running
    running = loop().finally(() => {
      running = null
    })
    return running
  }

  return {
    kick,
    /** Resolves when no step is running (tests, shutdown); a scheduled next step may follow. */
    idle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}

export type RegistrationService = ReturnType<typeof createRegistrationService>
