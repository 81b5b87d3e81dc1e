import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { SETTINGS, nestedMessage, post, send, useClockedMock, type ErrorBody } from './support'

/** docs/reference/graph-api.md §B4: windowsAutopilotSettings and the sync action's documented status codes. */
describe('windowsAutopilotSettings/sync', () => {
  const { mock, clock } = useClockedMock({ devices: 50 })
  const settings = async () => (await send(mock(), SETTINGS)).json as Record<string, string>

  it('reads the settings entity (no sync yet: "never" dates)', async () => {
    const res = await send(mock(), SETTINGS)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      '@odata.type': '#microsoft.graph.windowsAutopilotSettings',
      lastManualSyncTriggerDateTime: '0001-01-01T00:00:00Z',
      syncStatus: 'completed',
    })
    expect((await send(mock(), '/v1.0/deviceManagement/windowsAutopilotSettings')).status).toBe(404)
  })

  it('204 starts a sync and keeps lastManualSyncTriggerDateTime; 409 while in progress', async () => {
    const started = clock.now()
    const res = await post(mock(), `${SETTINGS}/sync`)
    expect(res.status).toBe(204)
    expect(await settings()).toMatchObject({ syncStatus: 'inProgress', lastManualSyncTriggerDateTime: new Date(started).toISOString().replace('.000Z', 'Z') })
    const conflict = await post(mock(), `${SETTINGS}/sync`)
    expect(conflict.status).toBe(409)
    expect((conflict.json as ErrorBody).error.code).toBe('Conflict')
    expect(nestedMessage(conflict.json)).toHaveProperty('_version', 3)
  })

  it('429 with Retry-After = the seconds left to the 10-minute mark, after the sync completed', async () => {
    clock.advance(NOMINAL_DELAYS.syncDuration)
    const done = await settings()
    expect(done.syncStatus).toBe('completed')
    expect(Date.parse(done.lastSyncDateTime!)).toBeGreaterThan(Date.parse(done.lastManualSyncTriggerDateTime!))
    const tooSoon = await post(mock(), `${SETTINGS}/sync`)
    expect(tooSoon.status).toBe(429)
    const retryAfter = Number(tooSoon.headers['retry-after'])
    expect(retryAfter).toBe((NOMINAL_DELAYS.syncInterval - NOMINAL_DELAYS.syncDuration) / 1000)
    expect(nestedMessage(tooSoon.json).RetryAfter).toBe(retryAfter)
    clock.advance(retryAfter * 1000 - 1500)
    const stillSoon = await post(mock(), `${SETTINGS}/sync`)
    expect(stillSoon.status).toBe(429)
    expect(stillSoon.headers['retry-after']).toBe('2')
    // The trigger time is kept while refused.
    expect((await settings()).lastManualSyncTriggerDateTime).toBe(done.lastManualSyncTriggerDateTime)
  })

  it('after 10 minutes a sync is accepted again', async () => {
    clock.advance(1500)
    expect((await post(mock(), `${SETTINGS}/sync`)).status).toBe(204)
  })
})

describe('sync at demo speed', () => {
  const { mock, clock } = useClockedMock({ devices: 10, speed: 60 })

  it('compresses the 10-minute rule by the speed factor (10 s at speed 60)', async () => {
    expect((await post(mock(), `${SETTINGS}/sync`)).status).toBe(204)
    clock.advance(2000)
    const res = await post(mock(), `${SETTINGS}/sync`)
    expect(res.status).toBe(429)
    expect(res.headers['retry-after']).toBe('8')
    clock.advance(8000)
    expect((await post(mock(), `${SETTINGS}/sync`)).status).toBe(204)
  })
})
