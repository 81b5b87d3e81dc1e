import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '@core/db/open-database'
import { createGraphClient } from '@core/graph/graph-client'
import { runFullSync } from '@core/sync/full-sync.worker'
import type { SyncProgress } from '@shared/sync-schemas'
import { devicePage } from '@support/scripted-graph-server'
import { useTempDirs } from '@support/temp-dir'

/**
 * A sync whose profile and group reads get no answer for a while (a hung Intune after the device
 * pages): the progress says Intune is not answering, in the phase the run is in, until the answer
 * comes. The status bar showed "Online" for minutes there, with the progress still.
 */
const base = 'http://127.0.0.1:9/beta'
const devicesUrl = `${base}/deviceManagement/windowsAutopilotDeviceIdentities`
const quiet = { log: () => undefined }

function graphWithSlowDirectory(directoryDelayMs: number) {
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input)
    const body = url === devicesUrl ? { value: devicePage(0, 30) } : { value: [] }
    if (url !== devicesUrl) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, directoryDelayMs)
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(new DOMException('aborted', 'AbortError'))
        })
      })
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  const options = { getToken: async () => 'no-answer-token-1', log: quiet, fetchImpl, timeoutMs: 5_000, slowAnswerMs: 60 }
  return {
    graph: createGraphClient({ baseUrl: base, ...options }),
    graphV1: createGraphClient({ baseUrl: 'http://127.0.0.1:9/v1.0', ...options }),
  }
}

describe('full sync while Intune does not answer', () => {
  const tempDir = useTempDirs()

  it('says "Intune is not answering" in the finishing phase while a read waits, and takes it back when the answer comes', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const seen: SyncProgress[] = []
    const result = await runFullSync({
      db,
      ...graphWithSlowDirectory(400),
      log: quiet,
      runId: 'run-1',
      correlationId: 'run-1',
      onProgress: (progress) => seen.push(progress),
    })
    expect(result).toEqual({ devices: 30, pages: 1 })
    const waits = seen.filter((progress) => progress.waitingSeconds !== null)
    expect(waits.length).toBeGreaterThan(0)
    // The device page came at once: every wait is told while the run finishes, never as "devices".
    const finishingWaits = waits.filter((progress) => progress.phase === 'finishing')
    expect(finishingWaits.length).toBeGreaterThan(0)
    expect(finishingWaits[0]!.message).toBe('Intune is not answering — waiting up to 5 s, then trying again')
    expect(finishingWaits[0]!.waitingSeconds).toBeLessThanOrEqual(5)
    // No rate while waiting: the devices/s from before the hang is not what is happening now.
    expect(waits.map((progress) => progress.rowsPerSecond)).toEqual(waits.map(() => null))
    expect(seen.filter((progress) => progress.waitingSeconds === null).every((progress) => typeof progress.rowsPerSecond === 'number')).toBe(true)
    // After the answers: the run's own words again, no wait left.
    const last = seen.at(-1)!
    expect(last).toMatchObject({ phase: 'done', waitingSeconds: null, message: 'Synced 30 devices' })
    const afterWaits = seen.slice(seen.lastIndexOf(waits.at(-1)!) + 1)
    expect(afterWaits[0]).toMatchObject({ waitingSeconds: null })
    db.close()
  })

  it('after a retry\'s wait, says it is trying again instead of "retrying in 1 s" until the answer', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    let deviceRequests = 0
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = String(input)
      // Answered after the run has set up (the first page is asked for before it), as over a network.
      if (url === devicesUrl && ++deviceRequests === 1) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return new Response('{}', { status: 503, headers: { 'retry-after': '0.05' } })
      }
      // The retry's answer takes a while: the words in between are the ones under test.
      if (url === devicesUrl) await new Promise((resolve) => setTimeout(resolve, 150))
      const body = url === devicesUrl ? { value: devicePage(0, 30) } : { value: [] }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    const graph = createGraphClient({ baseUrl: base, getToken: async () => 'no-answer-token-1', log: quiet, fetchImpl })
    const messages: Array<[string, number | null, number | null]> = []
    await runFullSync({
      db,
      graph,
      log: quiet,
      runId: 'run-1',
      correlationId: 'run-1',
      onProgress: (progress) => messages.push([progress.message, progress.waitingSeconds, progress.rowsPerSecond]),
    })
    // The rate is said again once devices come, never while the run waits for an answer.
    expect(messages.slice(0, 4)).toEqual([
      ['Downloading Autopilot devices', null, 0],
      ['Intune is temporarily unavailable — retrying in 1 s', 1, null],
      ['Intune is temporarily unavailable — trying again', 0, null],
      ['Downloaded 30 devices', null, expect.any(Number)],
    ])
    db.close()
  })

  it('while the next page is slow to come, the rate is told again and falls; it does not stand at the pace of the pages before', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const next = `${devicesUrl}?$skiptoken=2`
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = String(input)
      // The second page takes a while (less than graph-client's "not answering" threshold).
      if (url === next) await new Promise((resolve) => setTimeout(resolve, 400))
      const body = url === devicesUrl ? { value: devicePage(0, 30), '@odata.nextLink': next } : url === next ? { value: devicePage(30, 30) } : { value: [] }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    const graph = createGraphClient({ baseUrl: base, getToken: async () => 'no-answer-token-1', log: quiet, fetchImpl })
    const seen: SyncProgress[] = []
    await runFullSync({ db, graph, log: quiet, runId: 'run-1', correlationId: 'run-1', rateEveryMs: 60, onProgress: (progress) => seen.push(progress) })
    // Between the first page and the second: the same 30 devices, told again with a rate that only falls.
    const meanwhile = seen.filter((progress) => progress.phase === 'devices' && progress.devices === 30 && progress.rowsPerSecond !== null)
    expect(meanwhile.length).toBeGreaterThanOrEqual(4)
    const rates = meanwhile.map((progress) => progress.rowsPerSecond!)
    expect(rates).toEqual([...rates].sort((a, b) => b - a))
    expect(rates.at(-1)!).toBeLessThan(rates[0]! / 2)
    expect(seen.at(-1)).toMatchObject({ phase: 'done', devices: 60 })
    db.close()
  })

  it('when every request goes unanswered, says which try it is on and that it is the last, with its times, and ends after that one try', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    let deviceTries = 0
    const hang = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input) === devicesUrl) deviceTries++
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    }) as typeof fetch
    // As sync.worker.ts builds them: each client also counts the other's silent requests.
    const options = { getToken: async () => 'no-answer-token-1', log: quiet, fetchImpl: hang, timeoutMs: 300, slowAnswerMs: 60 }
    const graph = createGraphClient({ baseUrl: base, ...options, unreachableElsewhere: () => graphV1.silentRequests() > 0 })
    const graphV1 = createGraphClient({ baseUrl: 'http://127.0.0.1:9/v1.0', ...options, unreachableElsewhere: () => graph.silentRequests() > 0 })
    const seen: SyncProgress[] = []
    const started = Date.now()
    await expect(
      runFullSync({ db, graph, graphV1, log: quiet, runId: 'run-1', correlationId: 'run-1', onProgress: (p) => seen.push(p) }),
    ).rejects.toMatchObject({ code: 'timeout' })
    // One try of five: the directory's reads got no answer either, so four more would not help.
    expect(deviceTries).toBe(1)
    expect(Date.now() - started).toBeLessThan(2_000)
    const waits = seen.flatMap((p) => (p.wait ? [p.wait] : []))
    expect(waits.length).toBeGreaterThan(0)
    const last = waits.at(-1)!
    expect(last).toMatchObject({ kind: 'no-answer', attempt: 1, attempts: 5, lastTryBecause: 'others-unanswered' })
    // The try's end and the sync's are the same instant, about timeoutMs after the request left; Intune silent since the run began.
    expect(last.givesUpAt).toBe(last.until)
    expect(Date.parse(last.until) - started).toBeGreaterThanOrEqual(250)
    expect(Date.parse(last.until) - started).toBeLessThan(1_000)
    expect(Date.parse(last.silentSince!)).toBeGreaterThanOrEqual(started - 5)
    expect(seen.at(-1)).toMatchObject({ phase: 'failed', wait: null })
    db.close()
  })

  it('a device page alone in getting no answer keeps its tries, says which and when the sync would give up; the app finding Intune unreachable makes the try the last', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    let deviceTries = 0
    let unreachable = false
    let tellUnreachable = () => undefined as void
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input) !== devicesUrl) return new Response('{"value":[]}', { status: 200, headers: { 'content-type': 'application/json' } })
      deviceTries++
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    }) as typeof fetch
    const options = { getToken: async () => 'no-answer-token-1', log: quiet, fetchImpl, timeoutMs: 200, slowAnswerMs: 40, sleep: async () => undefined }
    const graph = createGraphClient({ baseUrl: base, ...options, unreachableElsewhere: () => unreachable || graphV1.silentRequests() > 0 })
    const graphV1 = createGraphClient({ baseUrl: 'http://127.0.0.1:9/v1.0', ...options, unreachableElsewhere: () => unreachable || graph.silentRequests() > 0 })
    const seen: SyncProgress[] = []
    const run = runFullSync({
      db,
      graph,
      graphV1,
      log: quiet,
      runId: 'run-1',
      correlationId: 'run-1',
      onProgress: (p) => {
        seen.push(p)
        // Another call of the app finds Intune unreachable while the second try waits.
        if (p.wait?.kind === 'no-answer' && p.wait.attempt === 2 && !unreachable) {
          unreachable = true
          queueMicrotask(tellUnreachable)
        }
      },
      onIntuneUnreachable: (listener) => {
        tellUnreachable = listener
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'timeout' })
    expect(deviceTries).toBe(2)
    const waits = seen.flatMap((p) => (p.wait ? [p.wait] : []))
    const firstTry = waits.find((wait) => wait.kind === 'no-answer' && wait.attempt === 1)!
    expect(firstTry).toMatchObject({ attempts: 5, lastTryBecause: null })
    // If every try waits its whole time: four more tries of 200 ms and the pauses between them (at their longest).
    expect(Date.parse(firstTry.givesUpAt!) - Date.parse(firstTry.until)).toBe(4 * 200 + 500 + 1000 + 2000 + 4000)
    expect(waits.some((wait) => wait.kind === 'pause' && wait.attempt === 2)).toBe(true)
    expect(waits.at(-1)).toMatchObject({ kind: 'no-answer', attempt: 2, lastTryBecause: 'others-unanswered' })
    db.close()
  })

  it('says nothing of waiting when Intune answers in time', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const seen: SyncProgress[] = []
    await runFullSync({ db, ...graphWithSlowDirectory(5), log: quiet, runId: 'run-1', correlationId: 'run-1', onProgress: (progress) => seen.push(progress) })
    expect(seen.filter((progress) => progress.waitingSeconds !== null)).toEqual([])
    db.close()
  })
})
