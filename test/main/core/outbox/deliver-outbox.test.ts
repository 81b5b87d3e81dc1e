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

describe('deliverOutbox: a write that gets no answer while reads answer', () => {
  const tempDir = useTempDirs()

  it.each([
    ['timeout', 'Intune did not answer this change in time.'],
    ['stalled', 'Intune stopped sending its answer to this change halfway.'],
  ] as const)('%s is that change\'s problem: not "not reachable", the change says so and waits, the next change is still sent', async (code, words) => {
    const { db, devices } = openBenchDb(tempDir(), 2)
    const outbox = createOutboxRepo(db)
    const hanging = outbox.queue(devices[0]!.id, { kind: 'group-tag', groupTag: 'BENCH-NEW' }, 'corr')!
    const other = outbox.queue(devices[1]!.id, { kind: 'group-tag', groupTag: 'BENCH-NEW' }, 'corr')!
    const records = new Map(devices.map((device) => [device.id, { ...device }]))
    const graph = {
      // Every read answers (the device as Intune has it).
      getJson: async (path: string) => ({ ...records.get(decodeURIComponent(path.split('/').at(-1)!))! }),
      // One device's write gets no answer (one of Intune's actions hangs); the other's goes through.
      post: async (path: string, body: Record<string, string>) => {
        const id = decodeURIComponent(path.split('/').at(-2)!)
        if (id === devices[0]!.id) throw new AppFailure(code, 'Intune did not answer within 15 s.', { uncertain: true })
        Object.assign(records.get(id)!, body)
        return null
      },
      onRetry: () => undefined,
      onSlowAnswer: () => undefined,
    } as unknown as GraphClient
    const report = await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    // Intune answered this run: the tenant is not Offline (which paused the Bench's re-reads and the card's actions).
    expect(report).toMatchObject({ offline: false, contacted: true, done: 1, rescheduled: 1 })
    // It may have been applied: still `sending`, so the next try reads the device before any resend.
    const after = outbox.get(hanging.id)!
    expect(after).toMatchObject({ state: 'sending', lastError: { code, message: words } })
    expect(after.nextAttemptAt).not.toBeNull()
    expect(outbox.get(other.id)).toMatchObject({ state: 'done' })
    db.close()
  })
})

describe('deliverOutbox: while the run waits out a Retry-After', () => {
  const tempDir = useTempDirs()

  it('the changes behind it say a next try no earlier than the end of that wait, never a time that passes meanwhile', async () => {
    const { db, devices } = openBenchDb(tempDir(), 3)
    const at = '2026-11-20T11:13:00.000Z'
    const now = () => new Date(at)
    const outbox = createOutboxRepo(db, now)
    const [a, b, c] = devices.map((device) => outbox.queue(device.id, { kind: 'group-tag', groupTag: 'BENCH-NEW' }, 'corr')!)
    // B was tried before and is due again; C's next try is after the wait anyway.
    const unavailable = { code: 'upstream', message: 'Intune answered 503 ServiceUnavailable' }
    outbox.setState(b!.id, 'pending', { error: unavailable, nextAttemptAt: '2026-11-20T11:12:30.000Z' })
    outbox.setState(c!.id, 'pending', { error: unavailable, nextAttemptAt: '2026-11-20T11:20:00.000Z' })

    let retry: ((waitMs: number, reason: string) => void) | undefined
    const seen: Array<string | null> = []
    const graph = {
      getJson: async () => {
        // The client waits 60 s before its retry of A's read: what does B say meanwhile?
        retry!(60_000, 'Intune is temporarily unavailable')
        seen.push(outbox.get(b!.id)!.nextAttemptAt)
        throw new GraphError(503, 'ServiceUnavailable', null, 60, '')
      },
      post: async () => null,
      onRetry: (listener: typeof retry) => void (retry = listener),
      onSlowAnswer: () => undefined,
    } as unknown as GraphClient
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1', now })

    expect(seen).toEqual(['2026-11-20T11:14:00.000Z'])
    expect(outbox.get(a!.id)!.nextAttemptAt).toBe('2026-11-20T11:14:00.000Z')
    expect(outbox.get(c!.id)!.nextAttemptAt).toBe('2026-11-20T11:20:00.000Z')
    db.close()
  })
})

describe('deliverOutbox: a try after a failed one', () => {
  const tempDir = useTempDirs()

  it("keeps the last try's reason while the new try is on its way (Discard stays offered), and clears it once the write gets through", async () => {
    const { db, devices } = openBenchDb(tempDir(), 1)
    const outbox = createOutboxRepo(db)
    const item = outbox.queue(devices[0]!.id, { kind: 'group-tag', groupTag: 'BENCH-NEW' }, 'corr')!
    const record: Record<string, unknown> = { ...devices[0]!, id: devices[0]!.id, serialNumber: devices[0]!.serialNumber }
    let posts = 0
    let duringTry: ReturnType<typeof outbox.get> = null
    let told = 0
    let toldBeforeTry = 0
    const graph = {
      getJson: async () => ({ ...record }),
      post: async (_path: string, body: Record<string, string>) => {
        posts++
        if (posts === 1) throw new AppFailure('timeout', 'Intune did not answer within 15 s.', { uncertain: true })
        duringTry = outbox.get(item.id)
        toldBeforeTry = told
        Object.assign(record, body)
        return null
      },
      onRetry: () => undefined,
      onSlowAnswer: () => undefined,
    } as unknown as GraphClient
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(outbox.get(item.id)).toMatchObject({ state: 'sending', lastError: { code: 'timeout' } })
    db.prepare('UPDATE outbox SET next_attempt_at = NULL').run()
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c2', onChange: () => told++ })
    // The screens are told the retry is under way as it leaves, not only when the run ends.
    expect(toldBeforeTry).toBe(1)
    expect(duringTry).toMatchObject({
      state: 'sending',
      lastError: { code: 'timeout', message: 'Intune did not answer this change in time.' },
      nextAttemptAt: null,
    })
    expect(outbox.get(item.id)).toMatchObject({ state: 'done', lastError: null })
    db.close()
  })
})
