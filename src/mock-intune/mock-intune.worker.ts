/**
 * The mock Intune API on a thread of its own (started by in-worker.ts). Runs in that worker thread:
 * everything the mock does — working out a page of 1,000 devices, its JSON, its GCs — stays off the
 * thread that started it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startMockIntune } from './server'
import type { MockThreadMessage, MockIntuneWorkerOptions } from './in-worker'

const port = parentPort
if (!port) throw new Error('mock-intune.worker.ts runs only as a worker thread (startMockIntuneInWorker).')
const send = (message: MockThreadMessage) => port.postMessage(message)

startMockIntune(workerData as MockIntuneWorkerOptions).then(
  (server) => {
    port.on('message', (message: { type?: unknown }) => {
      if (message?.type !== 'close') return
      // Ends this thread once its connections are closed; the starter waits for the exit.
      void server.close().finally(() => process.exit(0))
    })
    send({ type: 'listening', url: server.url, token: server.token })
  },
  // Nothing holds the thread after this: it ends once the message is out.
  (error: unknown) => send(error instanceof Error ? { type: 'failed', message: error.message, name: error.name } : { type: 'failed', message: String(error) }),
)
