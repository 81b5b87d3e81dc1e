import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUTOPILOT_CHANNEL } from '@core/diagnostics/evtx'
import { openArchiveInWorker } from '@core/diagnostics/open-archive-in-worker'
import type { ArchiveWorkerUsage } from '@core/diagnostics/archive-protocol'
import { workerPath } from '@support/temp-dir'
import { writeEvtx } from '@support/evtx-writer'

const archiveWorkerPath = () => join(dirname(workerPath()), 'archive-worker.cjs')
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A standalone .evtx goes the way every archive goes: through the archive worker, under its limits. */
describe('archive worker: event logs', () => {
  it('opens a standalone .evtx of 150 chunks and answers with the explained timeline, not every event', async () => {
    const events = Array.from({ length: 15_000 }, (_, i) => ({
      recordId: i + 1,
      eventId: i % 100 === 0 ? 807 : 4242,
      provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
      channel: AUTOPILOT_CHANNEL,
      level: i % 100 === 0 ? 2 : 4,
      time: new Date(Date.UTC(2026, 0, 5) + i * 1000).toISOString(),
    }))
    const bytes = writeEvtx(events, { eventsPerChunk: 100 })
    let usage: ArchiveWorkerUsage | undefined
    const review = await openArchiveInWorker(archiveWorkerPath(), { name: 'Autopilot.evtx', bytesBase64: b64(bytes) }, undefined, (u) => (usage = u))
    if (review.kind !== 'windows') throw new Error('expected a Windows review')
    expect(review.archiveKind).toBe('event-log')
    const log = review.eventLogs[0]!
    expect(log).toMatchObject({ name: 'Autopilot.evtx', records: 15_000, damaged: 0, eventsOmitted: 0 })
    expect(log.events).toHaveLength(150)
    expect(log.rows).toBeUndefined()
    expect(usage?.peakHeapUsedBytes).toBeGreaterThan(0)
  }, 60_000)

  it('refuses an EVTX cut inside its header with the words to act on', async () => {
    const bytes = writeEvtx([]).subarray(0, 512)
    await expect(openArchiveInWorker(archiveWorkerPath(), { name: 'cut.evtx', bytesBase64: b64(bytes) })).rejects.toThrow(
      /cut\.evtx is not a readable event log/,
    )
  })
})
