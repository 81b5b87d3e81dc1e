import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '@core/dispatch'
import type { Core } from '@core/create-core'
import type { Handlers } from '@core/handlers'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import { useCoreOnMock } from '@support/core-on-mock'

async function call<C extends Channel>(handlers: Handlers, core: Core, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await dispatch(handlers, channel, request, { log: core.log })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

/**
 * A tester: a manifest row's user zed.nobody@contoso.com was only caught when Intune refused the assignment at delivery.
 * The Pre-stage plan now checks users by the manifest preview's rule (resolve-users.worker.ts).
 */
describe('prestage: users that do not exist', () => {
  const start = useCoreOnMock()

  it('a user Intune does not have: the row says so, is not counted to apply, Apply skips it; offline: not checked, still applied', async () => {
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices: 30, throttle: 'off' }, { core: { outboxRetryBaseMs: 50, outboxMaxIdleMs: 200 } })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 30, after: null, position: null }, ctx)).items
    const [a, b] = devices.filter((d) => d.enrollmentState !== 'enrolled' && d.userPrincipalName === '')
    // Searching puts the user in the users cache: that user is known without asking Intune.
    const real = (await handlers['users:search-users']({ query: 'a', limit: 5 }, ctx)).users[0]!
    const job = await call(handlers, core, 'jobs:save-job', { id: null, job: { name: 'Order PU' } })
    const manifest = ['Serial number;UPN', `${a!.serialNumber};${real.userPrincipalName}`].join('\n')
    await call(handlers, core, 'jobs:import-manifest', { jobId: job.id, csv: manifest, replace: true })

    // Every user cached: no token fetched, Intune not asked (the plan is as fast as before).
    const graphArgs = vi.spyOn(core, 'graphArgs')
    const asked = () => mock.requestLog.filter((r) => /\/v1\.0\/users\//i.test(r.path)).length
    const cached = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    expect(cached.counts).toMatchObject({ toApply: 1, userNotFound: 0 })
    expect(cached.rows[0]!.userCheck).toBeNull()
    expect(graphArgs).not.toHaveBeenCalled()
    expect(asked()).toBe(0)
    graphArgs.mockRestore()

    const both = [...manifest.split('\n'), `${b!.serialNumber};zed.nobody@contoso.com`].join('\n')
    await call(handlers, core, 'jobs:import-manifest', { jobId: job.id, csv: both, replace: true })
    const plan = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    const nobody = plan.rows.find((r) => r.serialNumber === b!.serialNumber)!
    expect(nobody).toMatchObject({ state: 'user-not-found', userCheck: 'not-found' })
    expect(plan.counts).toMatchObject({ rows: 2, toApply: 1, userNotFound: 1 })
    expect(asked()).toBe(1)

    const applied = await call(handlers, core, 'prestage:apply', { jobId: job.id })
    expect(applied.counts).toMatchObject({ toApply: 0, userNotFound: 1 })
    const changes = await handlers['changes:list-changes']({ deviceId: null, includeFinished: true }, ctx)
    expect(changes.filter((item) => item.deviceId === b!.id)).toEqual([])
    expect(changes.filter((item) => item.deviceId === a!.id).length).toBeGreaterThan(0)

    // Offline: a user the cache lacks cannot be checked; the row is applied anyway (Intune says at delivery).
    await mock.close()
    const offline = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    expect(offline.rows.find((r) => r.serialNumber === b!.serialNumber)).toMatchObject({ state: 'to-apply', userCheck: 'not-checked' })
    expect(offline.counts).toMatchObject({ toApply: 1, userNotFound: 0 })
  }, 30_000)

  it('while the app knows Intune is not answering, a user the cache lacks is "not checked (Intune did not answer)" at once: the plan is not held', async () => {
    // Intune hangs on user lookups (as on every request while it is down); the sync before the hang ran.
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices: 30, throttle: 'off' })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 30, after: null, position: null }, ctx)).items
    const [a] = devices.filter((d) => d.enrollmentState !== 'enrolled' && d.userPrincipalName === '')
    const job = await call(handlers, core, 'jobs:save-job', { id: null, job: { name: 'Order HANG' } })
    await call(handlers, core, 'jobs:import-manifest', {
      jobId: job.id,
      csv: ['Serial number;UPN', `${a!.serialNumber};new.hire@contoso.com`].join('\n'),
      replace: true,
    })
    await fetch(`${mock.url}/_sim/faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'hang=always:path=/users/' }),
    })
    // Another call found Intune unreachable (a refresh, the outbox, a sync).
    core.setOnline(false)
    const asked = () => mock.requestLog.filter((r) => /\/v1\.0\/users\//i.test(r.path)).length
    const started = Date.now()
    const plan = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    // Without this, every reload waited out the lookup's 8 s.
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(asked()).toBe(0)
    expect(plan.rows[0]).toMatchObject({ state: 'to-apply', userCheck: 'not-checked' })
    expect(plan.usersUnanswered).toBe(true)
    const applied = await call(handlers, core, 'prestage:apply', { jobId: job.id })
    expect(Date.now() - started).toBeLessThan(6_000)
    expect(asked()).toBe(0)
    expect(applied).toMatchObject({ usersUnanswered: true, counts: { inProgress: 1 } })
  }, 30_000)
})
