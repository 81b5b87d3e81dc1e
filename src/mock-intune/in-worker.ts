import { Worker } from 'node:worker_threads'
import type { MockIntuneOptions } from './options'

/** What can cross into the mock's thread: every option except an injected clock (an object with methods). */
export type MockIntuneWorkerOptions = Omit<MockIntuneOptions, 'clock'>

/** From the mock's thread to its starter. */
export type MockThreadMessage = { type: 'listening'; url: string; token: string } | { type: 'failed'; message: string; name?: string }

export interface MockIntuneInWorker {
  /** As MockIntune.url: Graph paths go after it, the simulator at `${url}/_sim/…`. */
  url: string
  /** The bearer token the mock accepts. */
  token: string
  /** The mock's thread (never the starter's). */
  threadId: number
  /** Closes the server and ends its thread. */
  close(): Promise<void>
}

/** How long a close waits for the mock's thread to end by itself before stopping it. */
const closeGraceMs = 5000

/**
 * Starts the mock Intune API (`startMockIntune`) in a worker thread, from the bundled
 * mock-intune.worker.ts at `workerPath`. The app hosts its embedded demo tenant this way: in the
 * thread that hosts the app's core, each page of 1,000 devices the mock worked out blocked the core's
 * event loop (50–77 ms during the demo tenant's 2,000-device launch sync, docs/benchmarks.md › "The
 * demo tenant's mock on its own thread").
 *
 * Resolves once it listens; rejects with the mock's own reason (a port in use, say) if it cannot.
 * `onError` hears of a failure of the thread after that (its Graph then stops answering and the app
 * reports Intune unreachable); without a listener such an error would crash the starter.
 */
export function startMockIntuneInWorker(
  workerPath: string,
  options: MockIntuneWorkerOptions = {},
  onError: (error: Error) => void = () => undefined,
): Promise<MockIntuneInWorker> {
  const worker = new Worker(workerPath, { workerData: options })
  return new Promise<MockIntuneInWorker>((resolve, reject) => {
    let started = false
    worker.on('error', (error: Error) => (started ? onError(error) : reject(error)))
    worker.on('exit', (code) => {
      if (!started) reject(new Error(`The mock Intune API's thread ended (code ${code}) before it listened.`))
    })
    worker.once('message', (message: MockThreadMessage) => {
      // The error's name crosses with its message: a starter tells a refused state file (StateFileError) from the rest.
      if (message.type === 'failed') return reject(Object.assign(new Error(message.message), message.name ? { name: message.name } : {}))
      started = true
      let closing: Promise<void> | null = null
      resolve({
        url: message.url,
        token: message.token,
        threadId: worker.threadId,
        close: () => (closing ??= endThread(worker)),
      })
    })
  })
}

function endThread(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    // threadId is -1 once the thread has ended.
    if (worker.threadId === -1) return resolve()
    const force = setTimeout(() => void worker.terminate(), closeGraceMs)
    worker.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    worker.postMessage({ type: 'close' })
  })
}
