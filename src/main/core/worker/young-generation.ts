import { setFlagsFromString } from 'node:v8'

/**
 * V8's ceiling for one semi-space of the young generation here (Node 20, 64-bit; two of them make the
 * young generation): a larger start is capped at it (a start of 64 began at 16, measured). A sync's
 * pages grow a worker's young generation to it within a few pages anyway.
 */
export const workerSemiSpaceMiB = 16

/**
 * Makes worker threads started from now on begin with their young generation at full size. V8 starts
 * a new isolate's at 1 MiB per semi-space and grows it as allocation goes on, so the database worker's
 * first sync pages (a page of 1,000 devices parses into a few MiB of objects, alive while they are
 * written) met a minor GC of 4–14 ms each while the young generation grew, and a major one of 10–20 ms
 * by the fifth page from what those GCs had promoted. On a distant Graph the first page's GC held back
 * the next page's request, and the last page's sat in the sync's tail: a 5,000-device sync at 300 ms a
 * page took a median 1.059 × its latency floor, 1.048 × with this (8 runs each; issue 19,
 * docs/benchmarks.md).
 *
 * A heap-sizing flag: V8 reads it when it configures a new isolate's heap, so it changes nothing for
 * isolates already running (this thread's own), and a worker with a smaller `maxYoungGenerationSizeMb`
 * gets that ceiling instead. The cost is memory the worker would reach under any sync of more than a
 * few pages: 2 × 16 MiB, committed from the start. Electron's main process reads V8 flags when it
 * starts (its launch command line, or NODE_OPTIONS, which the fuses turn off), so this one is set from
 * code, before the worker starts (docs/reference/performance.md §3).
 */
export function startWorkersWithFullYoungGeneration(): void {
  setFlagsFromString(`--min-semi-space-size=${workerSemiSpaceMiB}`)
}
