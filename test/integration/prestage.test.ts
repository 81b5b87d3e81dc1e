import { describe, expect, it } from 'vitest'
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

describe('bulk pre-staging through the outbox', () => {
  const start = useCoreOnMock()

  it("sets the job's group tag, the manifest's user and device name on registered devices, per-row results, and applying again changes nothing", async () => {
    const { core, handlers, ctx } = await start({ seed: 8, devices: 60, throttle: 'off' }, { core: { outboxRetryBaseMs: 50, outboxMaxIdleMs: 200 } })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 60, after: null, position: null }, ctx)).items
    const user = devices.find((d) => d.userPrincipalName !== '')!.userPrincipalName
    const [a, b] = devices.filter((d) => d.enrollmentState !== 'enrolled')
    const job = await call(handlers, core, 'jobs:save-job', { id: null, job: { name: 'Order PS', groupTag: 'PRESTAGE-1' } })
    const manifest = [
      'Serial number;UPN;User friendly name;Device name',
      `${a!.serialNumber};${user};Anna;PS-0001`,
      `${b!.serialNumber};;;PS-0002`,
      'NOSUCHSERIAL;;;PS-0003',
    ].join('\n')
    await call(handlers, core, 'jobs:import-manifest', { jobId: job.id, csv: manifest, replace: true })

    const plan = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    expect(plan.counts).toMatchObject({ rows: 3, notRegistered: 1, toApply: 2 })
    expect(plan.rows.find((r) => r.serialNumber === a!.serialNumber)!.changes.map((c) => c.kind)).toEqual(['group-tag', 'assign-user', 'device-name'])

    const applied = await call(handlers, core, 'prestage:apply', { jobId: job.id })
    expect(applied.counts.toApply).toBe(0)
    for (let i = 0; i < 100; i++) {
      await core.outbox.idle()
      const now = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
      if (now.counts.done === 2 || now.counts.failed > 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const done = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    expect(done.counts, JSON.stringify(done.rows)).toMatchObject({ done: 2, failed: 0, notRegistered: 1 })
    const cardA = (await handlers['devices:find-by-serial']({ serialNumber: a!.serialNumber }, ctx))[0]!
    expect(cardA).toMatchObject({ groupTag: 'PRESTAGE-1', displayName: 'PS-0001' })
    expect(cardA.userPrincipalName.toLowerCase()).toBe(user.toLowerCase())

    // Resumable and idempotent: applying again queues nothing.
    const before = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: true }, ctx)).length
    await call(handlers, core, 'prestage:apply', { jobId: job.id })
    expect((await handlers['changes:list-changes']({ deviceId: null, includeFinished: true }, ctx)).length).toBe(before)
  })
})

describe('pre-staging a manifest with users but no friendly names', () => {
  const start = useCoreOnMock()

  it('every assignment is delivered (the mock fills the display name): no false conflict, nothing failed', async () => {
    const { core, handlers, ctx } = await start({ seed: 8, devices: 60, throttle: 'off' }, { core: { outboxRetryBaseMs: 50, outboxMaxIdleMs: 200 } })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 60, after: null, position: null }, ctx)).items
    const users = [...new Set(devices.map((d) => d.userPrincipalName).filter((u) => u !== ''))]
    const targets = devices.filter((d) => d.enrollmentState !== 'enrolled').slice(0, 4)
    expect(users.length).toBeGreaterThan(1)
    const job = await call(handlers, core, 'jobs:save-job', { id: null, job: { name: 'Order NF' } })
    // Each device gets a user it does not have now; no friendly name column at all.
    const manifest = [
      'Serial number,UPN,Device name',
      ...targets.map((d, i) => {
        const user = users.find((u) => u.toLowerCase() !== d.userPrincipalName.toLowerCase() && users.indexOf(u) >= i)!
        return `${d.serialNumber},${user},NF-000${i}`
      }),
    ].join('\n')
    await call(handlers, core, 'jobs:import-manifest', { jobId: job.id, csv: manifest, replace: true })
    await call(handlers, core, 'prestage:apply', { jobId: job.id })
    for (let i = 0; i < 100; i++) {
      await core.outbox.idle()
      const now = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
      if (now.counts.done === targets.length || now.counts.failed > 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const done = await call(handlers, core, 'prestage:get-plan', { jobId: job.id })
    expect(done.counts, JSON.stringify(done.rows)).toMatchObject({ done: targets.length, failed: 0 })
    expect(await core.db.call('outbox.summary', {})).toMatchObject({ pending: 0, failed: 0, conflicts: 0 })
  })
})
