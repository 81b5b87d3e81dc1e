import { describe, expect, it } from 'vitest'
import type { DeviceChange } from '@shared/change-schemas'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { openBenchDb } from '@support/bench-fixture'
import { useTempDirs } from '@support/temp-dir'

describe('outbox repo: what a new change is based on', () => {
  const tempDir = useTempDirs()

  function setup() {
    const { db, devices } = openBenchDb(tempDir(), 1)
    const device = { ...devices[0]!, userPrincipalName: '', addressableUserName: '', groupTag: '', displayName: 'PC-OLD' }
    createDevicesRepo(db).save([device], '2026-11-01T00:00:00.000Z')
    return { db, device, outbox: createOutboxRepo(db) }
  }

  const cases: Array<{ name: string; failed: DeviceChange; next: DeviceChange; base: Record<string, string> }> = [
    {
      name: 'assign user',
      failed: { kind: 'assign-user', userPrincipalName: 'zed.nobody@contoso.com', addressableUserName: 'Zed' },
      next: { kind: 'assign-user', userPrincipalName: 'ben.evans@contoso.com', addressableUserName: 'Ben Evans' },
      base: { userPrincipalName: '', addressableUserName: '' },
    },
    { name: 'group tag', failed: { kind: 'group-tag', groupTag: 'BAD-TAG' }, next: { kind: 'group-tag', groupTag: 'BENCH-NYC' }, base: { groupTag: '' } },
    {
      name: 'device name',
      failed: { kind: 'device-name', displayName: 'PC-BAD' },
      next: { kind: 'device-name', displayName: 'PC-NEW' },
      base: { displayName: 'PC-OLD' },
    },
  ]

  for (const { name, failed, next, base } of cases)
    for (const state of ['failed', 'conflict'] as const)
      it(`${name}: a ${state} change's value is not the next change's base (Intune's value is)`, () => {
        const { db, device, outbox } = setup()
        const first = outbox.queue(device.id, failed, 'c1')!
        outbox.setState(first.id, state, { error: { code: 'not-found', message: 'was not found' } })
        const second = outbox.queue(device.id, next, 'c2')!
        expect(second.id).not.toBe(first.id)
        expect(second.base).toEqual(base)
        db.close()
      })

  it('a newer change of the same property settles a failed one (discarded, saying why), so the card no longer shows its value and Retry cannot undo the newer', () => {
    const { db, device, outbox } = setup()
    const failed = outbox.queue(device.id, cases[0]!.failed, 'c1')!
    outbox.setState(failed.id, 'failed', { error: { code: 'bad-request', message: "User 'zed.nobody@contoso.com' was not found." } })
    const tag = outbox.queue(device.id, { kind: 'group-tag', groupTag: 'X' }, 'c2')!
    outbox.setState(tag.id, 'failed', { error: { code: 'bad-request', message: 'no' } })
    outbox.queue(device.id, cases[0]!.next, 'c3')
    expect(outbox.get(failed.id)).toMatchObject({ state: 'discarded', lastError: { code: 'cancelled' } })
    expect(outbox.get(failed.id)!.lastError!.message).toContain('Replaced by a later change made here.')
    // Another property's failed change stays for the technician.
    expect(outbox.get(tag.id)!.state).toBe('failed')
    expect(
      outbox
        .pendingValues([device.id])
        .get(device.id)!
        .find((p) => p.field === 'userPrincipalName')!.value,
    ).toBe('ben.evans@contoso.com')
    db.close()
  })

  it("a pending value carries its last try's reason and when it is tried again (the Bench's readiness says both)", () => {
    const { db, device, outbox } = setup()
    const change = outbox.queue(device.id, cases[0]!.next, 'c1')!
    outbox.setState(change.id, 'sending', {
      error: { code: 'timeout', message: 'Intune did not answer this change in time.' },
      nextAttemptAt: '2026-11-23T10:05:00.000Z',
    })
    expect(
      outbox
        .pendingValues([device.id])
        .get(device.id)!
        .find((p) => p.field === 'userPrincipalName'),
    ).toMatchObject({
      value: 'ben.evans@contoso.com',
      state: 'sending',
      error: 'Intune did not answer this change in time.',
      nextAttemptAt: '2026-11-23T10:05:00.000Z',
    })
    db.close()
  })

  it('a change still on its way (sending) is the base of the next one', () => {
    const { db, device, outbox } = setup()
    const first = outbox.queue(device.id, { kind: 'group-tag', groupTag: 'A' }, 'c1')!
    outbox.setState(first.id, 'sending')
    expect(outbox.queue(device.id, { kind: 'group-tag', groupTag: 'B' }, 'c2')!.base).toEqual({ groupTag: 'A' })
    db.close()
  })
})

describe('outbox repo: a change waiting for its next try after Intune did not answer', () => {
  const tempDir = useTempDirs()

  function setup() {
    const { db, devices } = openBenchDb(tempDir(), 2)
    createDevicesRepo(db).save(devices, '2026-11-01T00:00:00.000Z')
    return { db, devices, outbox: createOutboxRepo(db) }
  }
  const later = '2099-01-01T00:00:00.000Z'

  it('Try now ends the wait of a change on its way (state and last reason kept); a change with no wait or decided is refused', () => {
    const { db, devices, outbox } = setup()
    const item = outbox.queue(devices[0]!.id, { kind: 'group-tag', groupTag: 'BENCH-NYC' }, 'c1')!
    expect(outbox.retry(item.id)).toBe(false)
    outbox.setState(item.id, 'sending', { error: { code: 'timeout', message: 'Intune did not answer this change in time.' }, nextAttemptAt: later })
    expect(outbox.due().map((due) => due.id)).not.toContain(item.id)
    expect(outbox.retry(item.id)).toBe(true)
    expect(outbox.get(item.id)).toMatchObject({ state: 'sending', nextAttemptAt: null, lastError: { code: 'timeout' } })
    expect(outbox.due().map((due) => due.id)).toContain(item.id)
    outbox.discard(item.id)
    expect(outbox.retry(item.id)).toBe(false)
    db.close()
  })

  it('Intune answering again brings forward the changes that waited on no answer or no connection, not those on a Retry-After or a refusal', () => {
    const { db, devices, outbox } = setup()
    const unanswered = outbox.queue(devices[0]!.id, { kind: 'group-tag', groupTag: 'A' }, 'c1')!
    outbox.setState(unanswered.id, 'sending', { error: { code: 'timeout', message: 'Intune did not answer this change in time.' }, nextAttemptAt: later })
    const offline = outbox.queue(devices[0]!.id, { kind: 'device-name', displayName: 'PC-1' }, 'c2')!
    outbox.setState(offline.id, 'pending', { error: { code: 'offline', message: 'no network' }, nextAttemptAt: later })
    const throttled = outbox.queue(devices[1]!.id, { kind: 'group-tag', groupTag: 'B' }, 'c3')!
    outbox.setState(throttled.id, 'pending', { error: { code: 'throttled', message: 'Retry-After' }, nextAttemptAt: later })
    expect(outbox.bringForwardUnanswered(['offline', 'not-graph', 'stalled', 'timeout'])).toBe(2)
    expect(outbox.get(unanswered.id)!.nextAttemptAt).toBeNull()
    expect(outbox.get(offline.id)!.nextAttemptAt).toBeNull()
    expect(outbox.get(throttled.id)!.nextAttemptAt).toBe(later)
    db.close()
  })
})
