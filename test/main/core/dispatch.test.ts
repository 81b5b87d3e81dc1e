import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { AppFailure } from '@core/app-error'
import type { Handlers } from '@core/handlers'
import { silentLog } from '@core/logging/log-sink'

const device = {
  id: 'd1',
  serialNumber: 'S1',
  manufacturer: 'Dell Inc.',
  model: 'Latitude',
  groupTag: '',
  userPrincipalName: '',
  displayName: '',
  profileStatus: 'assigned' as const,
  enrollmentState: 'notContacted',
  syncedAt: '2026-01-01T00:00:00Z',
  pending: [],
}

function handlers(overrides: Partial<Handlers>): Handlers {
  const unexpected = async () => {
    throw new Error('not used in this test')
  }
  return {
    'app:get-info': unexpected,
    'devices:list-devices': unexpected,
    'devices:get-device': unexpected,
    'sync:start-sync': unexpected,
    'sync:get-status': unexpected,
    'prefs:get-preference': unexpected,
    'prefs:set-preference': unexpected,
    ...overrides,
  } as Handlers
}

describe('dispatch', () => {
  const options = { log: silentLog, timeoutMs: 200 }

  it('passes a validated request to the handler and wraps the answer', async () => {
    let seen: unknown
    const h = handlers({ 'devices:get-device': async (request) => ((seen = request), device) })
    expect(await dispatch(h, 'devices:get-device', { id: 'd1' }, options)).toEqual({ ok: true, value: device })
    expect(seen).toEqual({ id: 'd1' })
  })

  it('fills defaults from the schema', async () => {
    let seen: unknown
    const h = handlers({ 'devices:list-devices': async (request) => ((seen = request), { items: [], total: 0, totalCapped: false, next: null }) })
    await dispatch(h, 'devices:list-devices', {}, options)
    expect(seen).toEqual({ search: '', limit: 100, after: null, position: null })
  })

  it.each([
    ['unknown channel', 'devices:drop-tables', {}],
    ['missing field', 'devices:get-device', {}],
    ['wrong type', 'devices:get-device', { id: 42 }],
    ['extra field', 'devices:get-device', { id: 'd1', sql: 'DROP TABLE devices' }],
    ['limit out of range', 'devices:list-devices', { limit: 100000 }],
    ['not an object', 'devices:get-device', 'd1'],
  ])('refuses a bad payload (%s) with `invalid` and never calls the handler', async (name, channel, payload) => {
    let called = false
    const h = handlers({ 'devices:get-device': async () => ((called = true), device) })
    const result = await dispatch(h, channel, payload, options)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } })
    // The technician reads the detail: the field and why, never the channel's name.
    if (!result.ok && name !== 'unknown channel') expect(result.error.message).not.toContain(String(channel))
    expect(called).toBe(false)
  })

  it('turns a thrown AppFailure into its envelope code', async () => {
    const h = handlers({
      'sync:start-sync': async () => {
        throw new AppFailure('offline', 'Intune cannot be reached.')
      },
    })
    expect(await dispatch(h, 'sync:start-sync', {}, options)).toEqual({ ok: false, error: { code: 'offline', message: 'Intune cannot be reached.' } })
  })

  it('turns any other exception into `internal`', async () => {
    const h = handlers({
      'sync:get-status': async () => {
        throw new TypeError('boom')
      },
    })
    expect(await dispatch(h, 'sync:get-status', {}, options)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } })
  })

  it('stops waiting after the timeout with `timeout`', async () => {
    const h = handlers({ 'sync:get-status': () => new Promise(() => undefined) })
    const started = Date.now()
    const result = await dispatch(h, 'sync:get-status', {}, options)
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringMatching(/^No answer within \d+ s\.$/) } })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('refuses a handler answer outside the contract', async () => {
    const h = handlers({ 'devices:get-device': async () => ({ ...device, profileStatus: 'sparkly' }) as never })
    expect(await dispatch(h, 'devices:get-device', { id: 'd1' }, options)).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
