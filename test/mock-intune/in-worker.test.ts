import { createServer, type Server } from 'node:net'
import { dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { startMockIntuneInWorker, type MockIntuneInWorker } from '@mock-intune'
import { workerPath } from '@support/temp-dir'
import { bundledWorkerPath } from '@core/worker/bundled-worker-path'
import { send } from './support'

/** The mock's worker as global setup bundled it, beside the database worker (as the builds emit it). */
const mockWorkerPath = () => bundledWorkerPath(workerPath(), 'mock-intune-worker')

describe('the mock Intune API on its own thread (startMockIntuneInWorker)', () => {
  const started: MockIntuneInWorker[] = []
  const blockers: Server[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((mock) => mock.close()))
    await Promise.all(blockers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
  })
  const start = async (options: Parameters<typeof startMockIntuneInWorker>[1]) => {
    const mock = await startMockIntuneInWorker(mockWorkerPath(), options)
    started.push(mock)
    return mock
  }

  it('serves Graph pages from a thread that is not the caller’s, to its token only', async () => {
    const mock = await start({ port: 0, token: 'worker-token-0123456789abcdef', devices: 1500, seed: 3 })
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(mock.token).toBe('worker-token-0123456789abcdef')
    expect(mock.threadId).toBeGreaterThan(0)
    expect(mock.threadId).not.toBe(threadId)
    const first = await send(mock, '/beta/deviceManagement/windowsAutopilotDeviceIdentities')
    expect(first.status).toBe(200)
    const page = first.json as { value: unknown[]; '@odata.nextLink'?: string }
    expect(page.value).toHaveLength(1000)
    const next = await send(mock, new URL(page['@odata.nextLink']!).pathname + new URL(page['@odata.nextLink']!).search)
    expect((next.json as { value: unknown[] }).value).toHaveLength(500)
    expect((await send(mock, '/beta/deviceManagement/windowsAutopilotDeviceIdentities', { token: 'another-token' })).status).toBe(401)
  })

  it('makes a token when given none, and reports it', async () => {
    const mock = await start({ port: 0 })
    expect(mock.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await send(mock, '/beta/deviceManagement/windowsAutopilotSettings')).status).toBe(200)
  })

  it('closes its server and ends its thread; a second close is the same close', async () => {
    const mock = await startMockIntuneInWorker(mockWorkerPath(), { port: 0, token: 'worker-token-0123456789abcdef' })
    const { port } = new URL(mock.url)
    const closing = mock.close()
    expect(mock.close()).toBe(closing)
    await closing
    await expect(send({ url: `http://127.0.0.1:${port}`, token: mock.token }, '/beta/deviceManagement/windowsAutopilotSettings')).rejects.toThrow(
      /ECONNREFUSED/,
    )
  })

  it('rejects with the mock’s own reason when it cannot listen (a port in use)', async () => {
    const blocker = createServer()
    blockers.push(blocker)
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const busy = (blocker.address() as { port: number }).port
    await expect(startMockIntuneInWorker(mockWorkerPath(), { port: busy, token: 'worker-token-0123456789abcdef' })).rejects.toThrow(/EADDRINUSE/)
  })

  it('rejects when the worker file is missing, instead of waiting for ever', async () => {
    await expect(startMockIntuneInWorker(join(dirname(workerPath()), 'no-such-worker.cjs'), { port: 0 })).rejects.toThrow(/no-such-worker|Cannot find module/)
  })
})
