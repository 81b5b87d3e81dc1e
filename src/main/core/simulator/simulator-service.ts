import { AppFailure } from '../app-error'
import type { Tenant } from '../tenant'
import {
  simDeviceSummarySchema,
  simDeviceViewSchema,
  type SimAction,
  type SimDeviceSummary,
  type SimDeviceView,
  type SimSteering,
} from '@shared/simulator-schemas'

/**
 * The app's side of the embedded mock's device simulator (`/_sim/…`, docs/mock-intune.md): the
 * Simulator screen lists simulated PCs, shows a PC's screen (the Win×5 pre-provisioning page with
 * its QR text) and presses its buttons. Only the embedded demo tenant has one; for a real tenant
 * every call answers `not-found`.
 */
export interface SimulatorService {
  list(search: string): Promise<{ devices: SimDeviceSummary[] }>
  get(key: string): Promise<SimDeviceView>
  press(key: string, action: SimAction): Promise<SimDeviceView>
  /** Forces the outcome of the PC's next attempt ('random' = back to the seeded behaviour). */
  steer(key: string, nextAttempt: SimSteering, errorCode: string | null): Promise<SimDeviceView>
}

const timeoutMs = 10_000

export function createSimulatorService(tenant: Pick<Tenant, 'kind' | 'graphBaseUrl' | 'getToken'>, fetchImpl: typeof fetch = fetch): SimulatorService {
  const origin = tenant.graphBaseUrl.replace(/\/(beta|v1\.0)\/?$/i, '')

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    if (tenant.kind !== 'embedded-mock') throw new AppFailure('not-found', 'The device simulator exists only for the embedded demo tenant.')
    let response: Response
    try {
      response = await fetchImpl(`${origin}/_sim${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await tenant.getToken()}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error', // never carry the token to wherever a redirect points (graph-api.md B14)
      })
    } catch (error) {
      const name = (error as { name?: string }).name
      throw new AppFailure(name === 'TimeoutError' ? 'timeout' : 'offline', `The device simulator did not answer: ${(error as Error).message}`)
    }
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
    if (response.ok) return answer
    const message = answer?.error?.message ?? `HTTP ${response.status}`
    if (response.status === 404) throw new AppFailure('not-found', message)
    if (response.status === 409) throw new AppFailure('conflict', message)
    if (response.status === 400) throw new AppFailure('invalid', message)
    throw new AppFailure('upstream', message)
  }

  const view = (body: unknown): SimDeviceView => {
    const parsed = simDeviceViewSchema.safeParse(body)
    if (!parsed.success) throw new AppFailure('upstream', 'The device simulator sent a view the app cannot read.')
    return parsed.data
  }

  return {
    async list(search) {
      const body = (await call('GET', `/devices${search ? `?search=${encodeURIComponent(search)}` : ''}`)) as { value?: unknown[] } | null
      const devices: SimDeviceSummary[] = []
      for (const item of body?.value ?? []) {
        const parsed = simDeviceSummarySchema.safeParse(item)
        if (parsed.success) devices.push(parsed.data)
      }
      return { devices }
    },
    get: async (key) => view(await call('GET', `/devices/${encodeURIComponent(key)}`)),
    press: async (key, action) => view(await call('POST', `/devices/${encodeURIComponent(key)}/actions/${encodeURIComponent(action)}`)),
    async steer(key, nextAttempt, errorCode) {
      const path = `/devices/${encodeURIComponent(key)}/steering`
      if (nextAttempt === 'random') await call('DELETE', path)
      else await call('PUT', path, { nextAttempt, ...(errorCode ? { errorCode } : {}) })
      return view(await call('GET', `/devices/${encodeURIComponent(key)}`))
    },
  }
}
