import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { startFakeIntuneDevices } from '@support/fake-intune-devices'
import { useTempDirs, workerPath } from '@support/temp-dir'

describe('outbox: every change reaches Intune exactly once, or stays with its reason', () => {
  const tempDir = useTempDirs()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup(options: { dataDir?: string; fake?: Awaited<ReturnType<typeof startFakeIntuneDevices>>; maxServerErrors?: number } = {}) {
    const fake = options.fake ?? (await startFakeIntuneDevices(5))
    const core = await createCore({
      dataDir: options.dataDir ?? tempDir(),
      tenant: fake.tenant,
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http',
      allowTestHooks: true,
      graphTimeoutMs: 400,
      outboxRetryBaseMs: 20,
      outboxMaxIdleMs: 100,
      ...(options.maxServerErrors ? { outboxMaxServerErrors: options.maxServerErrors } : {}),
    })
    cleanups.push(
      () => fake.close(),
      () => core.close(),
    )
    await core.sync.start('initial')
    await core.sync.idle()
    await core.outbox.idle()
    const handlers = createHandlers(core)
    const ctx = { correlationId: 'corr-test', log: core.log }
    const [first] = [...fake.devices.keys()]
    return { fake, core, handlers, ctx, id: first! }
  }

  /** Waits (bounded) until the outbox has nothing left to deliver. */
  async function settled(core: Awaited<ReturnType<typeof setup>>['core']) {
    for (let i = 0; i < 100; i++) {
      await core.outbox.kick()
      const summary = await core.db.call('outbox.summary', {})
      if (summary.pending === 0) return summary
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    throw new Error('outbox did not settle')
  }

  it('delivers a change once, verifies it, updates the cache and writes the audit log', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    const queued = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'BENCH-NEW' } }, ctx)
    expect(queued.item).toMatchObject({ state: 'pending', base: { groupTag: 'OLD-TAG' }, intended: { groupTag: 'BENCH-NEW' } })
    await settled(core)
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'BENCH-NEW' } }])
    const device = await handlers['devices:get-device']({ id }, ctx)
    expect(device).toMatchObject({ groupTag: 'BENCH-NEW', pending: [] })
    const [item] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx)
    expect(item).toMatchObject({ state: 'done' })
    expect(await core.db.call('outbox.summary', {})).toMatchObject({ pending: 0, failed: 0, conflicts: 0 })
  })

  it('queues offline, shows the value as pending, and delivers after reconnection', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.setDown(true)
    await handlers['changes:queue-change'](
      { deviceId: id, change: { kind: 'assign-user', userPrincipalName: 'anna@contoso.com', addressableUserName: 'Anna' } },
      ctx,
    )
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'device-name', displayName: 'LDN-0001' } }, ctx)
    await core.outbox.kick()
    const device = await handlers['devices:get-device']({ id }, ctx)
    expect(device?.pending.map((p) => [p.field, p.value])).toEqual([
      ['userPrincipalName', 'anna@contoso.com'],
      ['addressableUserName', 'Anna'],
      ['displayName', 'LDN-0001'],
    ])
    expect(device?.userPrincipalName).toBe('')
    expect(fake.writes).toEqual([])
    expect((await handlers['sync:get-status']({}, ctx)).online).toBe(false)

    fake.setDown(false)
    await settled(core)
    expect(fake.writes.map((w) => w.action)).toEqual(['assignusertodevice', 'updatedeviceproperties'])
    expect(fake.devices.get(id)).toMatchObject({ userPrincipalName: 'anna@contoso.com', addressableUserName: 'Anna', displayName: 'LDN-0001' })
    expect((await handlers['sync:get-status']({}, ctx)).online).toBe(true)
  })

  it('folds an unsent change into the next one, and a change back to Intune’s value cancels it', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.setDown(true)
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'A' } }, ctx)
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'B' } }, ctx)
    const other = [...fake.devices.keys()][1]!
    await handlers['changes:queue-change']({ deviceId: other, change: { kind: 'group-tag', groupTag: 'C' } }, ctx)
    expect((await handlers['changes:queue-change']({ deviceId: other, change: { kind: 'group-tag', groupTag: 'OLD-TAG' } }, ctx)).item).toBeNull()
    fake.setDown(false)
    await settled(core)
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'B' } }])
  })

  it('reports a conflict with both values, and sends only when the technician keeps theirs', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.setDown(true)
    const { item } = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'MINE' } }, ctx)
    fake.devices.get(id)!.groupTag = 'SOMEONE-ELSE'
    fake.setDown(false)
    await settled(core)
    const [conflict] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx)
    expect(conflict).toMatchObject({ state: 'conflict', base: { groupTag: 'OLD-TAG' }, intended: { groupTag: 'MINE' }, server: { groupTag: 'SOMEONE-ELSE' } })
    expect(fake.writes).toEqual([])
    await handlers['changes:resolve-conflict']({ id: item!.id, choice: 'keep-mine' }, ctx)
    await settled(core)
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'MINE' } }])
  })

  it('honours 429 and 503 on the write and still sends exactly once', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.faults.POST.push({ status: 429, retryAfter: '0.05' }, { status: 429 }, { status: 503, retryAfter: '0.05' }, { status: 429, retryAfter: '0.05' })
    fake.faults.GET.push({ status: 503, retryAfter: '0.05' }, { status: 429 })
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'THROTTLED' } }, ctx)
    await settled(core)
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'THROTTLED' } }])
    const [item] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx)
    expect(item).toMatchObject({ state: 'done' })
    expect(item!.attempts).toBeGreaterThan(1)
  })

  it('while Intune asks to wait before a retry, the change says why and when; once delivered the reason is gone', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.faults.POST.push({ status: 503, retryAfter: '1.5' })
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'AFTER-503' } }, ctx)
    // Not awaited: the run waits out the Retry-After, and the list is read meanwhile.
    const run = core.outbox.kick()
    let waiting: Awaited<ReturnType<(typeof handlers)['changes:list-changes']>>[number] | undefined
    for (let i = 0; i < 100 && !waiting; i++) {
      const [item] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx)
      if (item?.lastError?.code === 'retrying') waiting = item
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(waiting).toMatchObject({ state: 'sending', lastError: { code: 'retrying', message: 'Intune is temporarily unavailable' } })
    const waitMs = Date.parse(waiting!.nextAttemptAt!) - Date.parse(waiting!.updatedAt)
    expect(waitMs).toBeGreaterThan(1000)
    expect(waitMs).toBeLessThanOrEqual(1600)
    await run
    await settled(core)
    const [item] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx)
    expect(item).toMatchObject({ state: 'done', lastError: null, nextAttemptAt: null })
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'AFTER-503' } }])
  })

  it('does not send twice when the write was applied but the answer was lost (timeout or 500)', async () => {
    for (const fault of ['apply-then-hang', 'apply-then-500'] as const) {
      const { fake, core, handlers, ctx, id } = await setup()
      fake.faults.POST.push(fault)
      await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: `T-${fault}` } }, ctx)
      await settled(core)
      expect(fake.writes, fault).toHaveLength(1)
      const [item] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx)
      expect(item, fault).toMatchObject({ state: 'done' })
    }
  })

  it('keeps a refused change with its reason until the technician retries or discards it', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.faults.POST.push({ status: 400 })
    const { item } = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'REFUSED' } }, ctx)
    await settled(core)
    const [failed] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx)
    // Intune's answer in a sentence; the answer itself is kept beside it for "Details for support".
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'upstream', intune: { status: 400 } } })
    expect(await handlers['changes:get-summary']({}, ctx)).toMatchObject({ failed: 1 })
    expect((await handlers['devices:get-device']({ id }, ctx))?.pending).toEqual([
      { field: 'groupTag', value: 'REFUSED', state: 'failed', error: expect.stringMatching(/^Intune refused the change as not valid \(HTTP 400\)/) },
    ])
    await handlers['changes:retry-change']({ id: item!.id }, ctx)
    await settled(core)
    expect(fake.writes).toHaveLength(1)
    expect((await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]).toMatchObject({ state: 'done' })
  })

  it('a change Intune answers with a server error on every try waits for the technician after so many tries, who can retry or discard it', async () => {
    const { fake, core, handlers, ctx, id } = await setup({ maxServerErrors: 5 })
    fake.faults.POST.push(...Array.from({ length: 5 }, () => ({ status: 500 })))
    const { item } = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'AFTER-500S' } }, ctx)
    await settled(core)
    const [failed] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx)
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 5,
      lastError: {
        code: 'upstream',
        message: expect.stringMatching(
          /^Intune had an internal error \(HTTP 500\) and did not take the change\. It answered with a server error 5 times in a row/,
        ),
        intune: { status: 500 },
      },
    })
    expect(fake.writes).toEqual([])
    await handlers['changes:retry-change']({ id: item!.id }, ctx)
    await settled(core)
    expect(fake.writes).toHaveLength(1)
    expect((await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]).toMatchObject({ state: 'done' })
    // Discard is offered too: the next change's five server errors, then the technician lets it go.
    fake.faults.POST.push(...Array.from({ length: 5 }, () => ({ status: 500 })))
    const second = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'LET-GO' } }, ctx)
    await settled(core)
    await handlers['changes:discard-change']({ id: second.item!.id }, ctx)
    expect(await handlers['changes:get-summary']({}, ctx)).toMatchObject({ pending: 0, failed: 0 })
  })

  it('a change still being tried after server errors can be discarded: nothing more is sent, and it stays discarded', async () => {
    const { fake, core, handlers, ctx, id } = await setup({ maxServerErrors: 50 })
    fake.faults.POST.push(...Array.from({ length: 50 }, () => ({ status: 500 })))
    const { item } = await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'NEVER-SENT' } }, ctx)
    // Wait (bounded) until a try has failed: the change is still being tried, with Intune's answer as its reason.
    let current = null as Awaited<ReturnType<(typeof handlers)['changes:list-changes']>>[number] | null
    for (let i = 0; i < 100 && !current?.lastError; i++) {
      await core.outbox.kick()
      current = (await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx))[0] ?? null
      if (!current?.lastError) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(current).toMatchObject({ state: 'sending', lastError: { message: expect.stringMatching(/500/) } })
    const posts = fake.faults.POST.length
    await handlers['changes:discard-change']({ id: item!.id }, ctx)
    for (let i = 0; i < 5; i++) {
      await core.outbox.kick()
      await new Promise((resolve) => setTimeout(resolve, 40))
    }
    expect((await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]).toMatchObject({ state: 'discarded' })
    // No try after the discard (each try takes one of the queued 500s), and nothing was applied.
    expect(fake.faults.POST.length).toBeGreaterThanOrEqual(posts - 1)
    expect(fake.writes).toEqual([])
    expect(await handlers['changes:get-summary']({}, ctx)).toMatchObject({ pending: 0, failed: 0 })
  })

  it('a 403 from Intune says what is missing and who grants it, not the loopback session words', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    fake.faults.POST.push({ status: 403 })
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'FORBIDDEN' } }, ctx)
    await settled(core)
    const [failed] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx)
    expect(failed).toMatchObject({
      state: 'failed',
      lastError: {
        code: 'not-permitted',
        message: expect.stringMatching(/^Intune refused this request \(HTTP 403\)\..*administrator/),
        intune: { status: 403 },
      },
    })
  })

  it("a write Intune does not answer, while it answers reads, is that change's problem: the tenant stays Online and the change is sent later", async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    expect(core.connectivity.online).toBe(true)
    fake.faults.POST.push('hang')
    let offline = false
    core.bus.subscribe((name) => {
      if (name === 'data:changed' && core.connectivity.online === false) offline = true
    })
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'BENCH-HANG' } }, ctx)
    let item = (await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]!
    for (let i = 0; i < 100 && item.lastError === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      item = (await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]!
    }
    expect(item).toMatchObject({
      state: 'sending',
      lastError: { code: 'timeout', message: 'Intune did not answer this change in time.' },
    })
    // Not Offline for the whole tenant (that paused the Bench's re-reads and refused the card's actions).
    expect(offline).toBe(false)
    expect(core.connectivity.online).toBe(true)
    // The next try reads the device first, then sends it: it arrives once.
    await settled(core)
    expect(fake.writes).toEqual([{ id, action: 'updatedeviceproperties', body: { groupTag: 'BENCH-HANG' } }])
    expect(core.connectivity.online).toBe(true)
  })

  it('survives a crash between sending and recording: reads back instead of resending', async () => {
    const dataDir = tempDir()
    const fake = await startFakeIntuneDevices(3)
    const { core, handlers, ctx, id } = await setup({ dataDir, fake })
    fake.faults.POST.push('apply-then-hang')
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'CRASHED' } }, ctx)
    // Kill the database worker while the write hangs: the item is left `sending` on disk.
    await new Promise((resolve) => setTimeout(resolve, 150))
    await core.db.call('test.crash', {}).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 600))
    await settled(core)
    expect(fake.writes).toHaveLength(1)
    expect((await handlers['changes:list-changes']({ deviceId: id, includeFinished: true }, ctx))[0]).toMatchObject({ state: 'done' })
  })

  it('still names a change by its serial once its device, deleted in Intune, has left the cache', async () => {
    const { fake, core, handlers, ctx, id } = await setup()
    const serial = (await handlers['devices:get-device']({ id }, ctx))!.serialNumber
    expect(serial).not.toBe('')
    // Another admin deletes the device in Intune before the technician's change reaches it.
    fake.devices.delete(id)
    await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag: 'GONE' } }, ctx)
    await settled(core)
    await core.sync.start('after-delete')
    await core.sync.idle()
    expect(await handlers['devices:get-device']({ id }, ctx)).toBeNull()
    const [failed] = await handlers['changes:list-changes']({ deviceId: id, includeFinished: false }, ctx)
    expect(failed).toMatchObject({
      serialNumber: serial,
      state: 'failed',
      lastError: { code: 'not-found', message: 'The device is no longer in Intune (HTTP 404): its record is gone, so the change cannot be made.' },
    })
  })

  it('refuses a change for a device that is not in the cache', async () => {
    const { handlers, ctx } = await setup()
    await expect(handlers['changes:queue-change']({ deviceId: 'nope', change: { kind: 'group-tag', groupTag: 'X' } }, ctx)).rejects.toMatchObject({
      code: 'not-found',
    })
  })
})
