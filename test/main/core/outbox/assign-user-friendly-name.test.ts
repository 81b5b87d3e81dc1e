import { describe, expect, it } from 'vitest'
import type { GraphClient } from '@core/graph/graph-client'
import { deliverOutbox } from '@core/outbox/deliver-outbox.worker'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { createUsersRepo } from '@core/repos/users-repo'
import { silentLog } from '@core/logging/log-sink'
import { openBenchDb } from '@support/bench-fixture'
import { useTempDirs } from '@support/temp-dir'

const directory: Record<string, string> = { 'anna.anderson@contoso.com': 'Anna Anderson', 'chloe.chen@contoso.com': 'Chloe Chen' }

/**
 * Intune as the mock plays it: assignUserToDevice with a blank addressableUserName sets the user's
 * display name; `meanwhile` runs before the device is first read (someone else's change in Intune).
 */
function intuneLike(device: DeviceRow, meanwhile?: (record: Record<string, unknown>) => void) {
  const record: Record<string, unknown> = {
    id: device.id,
    serialNumber: device.serialNumber,
    userPrincipalName: 'felix.tanaka@contoso.com',
    addressableUserName: 'Felix Tanaka',
  }
  const posts: Array<{ path: string; body: Record<string, string> }> = []
  let reads = 0
  const graph = {
    getJson: async () => {
      if (reads++ === 0) meanwhile?.(record)
      return { ...record }
    },
    post: async (path: string, body: Record<string, string>) => {
      posts.push({ path, body })
      record.userPrincipalName = body.userPrincipalName
      record.addressableUserName = body.addressableUserName || directory[body.userPrincipalName!] || ''
      return null
    },
    onRetry: () => undefined,
    onSlowAnswer: () => undefined,
  } as unknown as GraphClient
  return { graph, posts, record }
}

describe('assigning a user with no friendly name (a manifest without one, "Use manifest user")', () => {
  const tempDir = useTempDirs()

  function setup() {
    const { db, devices } = openBenchDb(tempDir(), 1)
    const device = { ...devices[0]!, userPrincipalName: 'felix.tanaka@contoso.com', addressableUserName: 'Felix Tanaka' }
    createDevicesRepo(db).save([device], '2026-11-01T00:00:00.000Z')
    return { db, device, outbox: createOutboxRepo(db) }
  }

  it('is delivered when Intune shows the user with the name it filled in, not a false conflict', async () => {
    const { db, device, outbox } = setup()
    const item = outbox.queue(device.id, { kind: 'assign-user', userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: '' }, 'c')!
    const { graph, posts } = intuneLike(device)
    const report = await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(report).toMatchObject({ done: 1, conflicts: 0, failed: 0 })
    expect(posts).toHaveLength(1)
    expect(outbox.get(item.id)).toMatchObject({ state: 'done' })
    db.close()
  })

  it('is still a conflict when someone else assigned another user meanwhile', async () => {
    const { db, device, outbox } = setup()
    const item = outbox.queue(device.id, { kind: 'assign-user', userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: '' }, 'c')!
    const { graph, posts } = intuneLike(device, (record) =>
      Object.assign(record, { userPrincipalName: 'chloe.chen@contoso.com', addressableUserName: 'Chloe Chen' }),
    )
    const report = await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(report).toMatchObject({ done: 0, conflicts: 1 })
    expect(posts).toHaveLength(0)
    expect(outbox.get(item.id)).toMatchObject({ state: 'conflict', server: { userPrincipalName: 'chloe.chen@contoso.com' } })
    db.close()
  })

  it('"Keep mine" on such a conflict sends it and ends delivered, not "Failed: still shows the old value"', async () => {
    const { db, device, outbox } = setup()
    const item = outbox.queue(device.id, { kind: 'assign-user', userPrincipalName: 'chloe.chen@contoso.com', addressableUserName: '' }, 'c')!
    const { graph } = intuneLike(device, (record) =>
      Object.assign(record, { userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: 'Anna Anderson' }),
    )
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(outbox.get(item.id)).toMatchObject({ state: 'conflict' })
    outbox.resolveConflict(item.id, 'keep-mine')
    for (let run = 0; run < 6 && outbox.get(item.id)!.state !== 'done'; run++) {
      outbox.setState(item.id, outbox.get(item.id)!.state, { nextAttemptAt: null })
      await deliverOutbox({ db, graph, log: silentLog, correlationId: `c${run + 2}` })
    }
    expect(outbox.get(item.id)).toMatchObject({ state: 'done' })
    db.close()
  })

  it('a blank friendly name in an unassignment still means cleared', async () => {
    const { db, device, outbox } = setup()
    const item = outbox.queue(device.id, { kind: 'unassign-user' }, 'c')!
    // Intune did not clear the friendly name: not the change.
    const graph = {
      getJson: async () => ({ id: device.id, serialNumber: device.serialNumber, userPrincipalName: '', addressableUserName: 'Felix Tanaka' }),
      post: async () => null,
      onRetry: () => undefined,
      onSlowAnswer: () => undefined,
    } as unknown as GraphClient
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(outbox.get(item.id)!.state).not.toBe('done')
    db.close()
  })

  it("sends the user's display name from the users cache, as a pick from user search does", async () => {
    const { db, device, outbox } = setup()
    createUsersRepo(db).save(
      [{ id: 'u-anna', userPrincipalName: 'Anna.Anderson@contoso.com', displayName: 'Anna Anderson', mail: '', licensed: true }],
      '2026-11-01T00:00:00.000Z',
    )
    const item = outbox.queue(device.id, { kind: 'assign-user', userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: '' }, 'c')!
    expect(item.change).toMatchObject({ addressableUserName: 'Anna Anderson' })
    const { graph, posts } = intuneLike(device)
    await deliverOutbox({ db, graph, log: silentLog, correlationId: 'c1' })
    expect(posts[0]!.body).toEqual({ userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: 'Anna Anderson' })
    expect(outbox.get(item.id)).toMatchObject({ state: 'done' })
    db.close()
  })

  it('assigning the user Intune already shows, with no friendly name, queues nothing', () => {
    const { db, device, outbox } = setup()
    expect(outbox.queue(device.id, { kind: 'assign-user', userPrincipalName: 'Felix.Tanaka@contoso.com', addressableUserName: '' }, 'c')).toBeNull()
    db.close()
  })
})
