import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { startWorkersWithFullYoungGeneration, workerSemiSpaceMiB } from '@core/worker/young-generation'

/** One semi-space of a new worker's young generation, in MiB, as it starts. */
function newWorkerSemiSpaceMiB(resourceLimits?: { maxYoungGenerationSizeMb: number }): Promise<number> {
  const source = `const { getHeapSpaceStatistics } = require('node:v8')
    require('node:worker_threads').parentPort.postMessage(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576)`
  const worker = new Worker(source, { eval: true, ...(resourceLimits ? { resourceLimits } : {}) })
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (size: number) => void worker.terminate().then(() => resolve(size)))
    worker.once('error', reject)
  })
}

describe('young generation of the core worker threads', () => {
  it('starts a worker begun afterwards at the full size instead of growing it from 1 MiB', async () => {
    startWorkersWithFullYoungGeneration()
    expect(await newWorkerSemiSpaceMiB()).toBeGreaterThanOrEqual(workerSemiSpaceMiB)
  })

  it('keeps a smaller ceiling a worker is given (the diagnostics archive worker has one)', async () => {
    startWorkersWithFullYoungGeneration()
    // V8 splits maxYoungGenerationSizeMb over its semi-spaces: the start is clamped to that, not raised past it.
    expect(await newWorkerSemiSpaceMiB({ maxYoungGenerationSizeMb: 8 })).toBeLessThan(workerSemiSpaceMiB)
  })
})
