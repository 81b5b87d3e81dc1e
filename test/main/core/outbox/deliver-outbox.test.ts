import { describe, expect, it } from 'vitest'
import { AppFailure } from '@core/app-error'
import { GraphError } from '@core/graph/graph-error'
import type { GraphClient } from '@core/graph/graph-client'
import { deliverOutbox } from '@core/outbox/deliver-outbox.worker'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { silentLog } from '@core/logging/log-sink'
import { openBenchDb } from '@support/bench-fixture'
import { useTempDirs } from '@support/temp-dir'

/** A Graph client whose every read fails with `error`; counts the reads. */
function failingGraph(error: Error) {
  const calls = { reads: 0 }
  const graph = {
    getJson: async () => {
      calls.reads++
      throw error
    },
    post: async () => null,
    onRetry: () => undefined,
    onSlowAnswer: () => undefined,
  } as unknown as GraphClient
  return { graph, calls }
}

describe('deliverOutbox: when Intune does not answer', () => {
  const tempDir = useTempDirs()

  function queueTwo() {
    const { db, devices } = openBenchDb(tempDir(), 2)
    const outbox = createOutboxRepo(db)
    for (const device of devices) outbox.queue(device.id, { kind: 'group-tag', groupTag: 'BENCH-NEW' }, 'corr')
    return { db, outbox }
  }

  it.each([
    ['timeout', 'Intune did not answer in time.'],
    ['stalled', 'Intune stopped sending its answer halfway.'],
    ['not-graph', 'A web page answered instead of Microsoft Graph.'],
    ['offline', 'connect ECONNREFUSED'],
  ] as const)('%s counts as not reachable: the run stops and reports it, so the status bar does not stay Online', async (code, message) => {
    const { db, outbox } = queueTwo()
    const { graph, calls } = failingGraph(new AppFailure(code, message))
    const report = await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(report).toMatchObject({ offline: true, rescheduled: 1 })
    // The second change is not made to wait out the same timeout in this run.
    expect(calls.reads).toBe(1)
    const [first] = outbox.activeFor(outbox.get(1)!.deviceId)
    expect(first).toMatchObject({ lastError: { code, message } })
    expect(first!.nextAttemptAt).not.toBeNull()
    db.close()
  })

  it('an answer from Intune, even an error, is not "not reachable"', async () => {
    const { db } = queueTwo()
    const { graph } = failingGraph(new GraphError(503, 'ServiceUnavailable', null, null, ''))
    const report = await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(report).toMatchObject({ offline: false, rescheduled: 2 })
    db.close()
  })
})
