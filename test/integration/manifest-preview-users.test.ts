import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { useCoreOnMock } from '@support/core-on-mock'

/**
 * A tester: a manifest row's user zed.nobody@contoso.com was only caught when Intune refused the assignment at
 * delivery, while the hash-CSV check catches the same user (upn-not-found). The preview now asks the same way.
 */
describe('jobs:preview-manifest: users that do not exist', () => {
  const start = useCoreOnMock()

  it('names a user Intune does not have (asked once, as the hash-CSV check does); a user Intune has is not named; offline: not checked', async () => {
    const { mock, core, handlers, ctx } = await start({ seed: 3, devices: 10 }, { sync: false })
    const real = (await handlers['users:search-users']({ query: 'a', limit: 5 }, ctx)).users[0]!
    const saved = await dispatch(handlers, 'jobs:save-job', { id: null, job: { name: 'Order 9' } }, { log: core.log })
    if (!saved.ok) throw new Error(saved.error.message)
    const job = saved.value as { id: string }
    const csv = `serial,upn\nPF1,zed.nobody@contoso.com\nPF2,${real.userPrincipalName}\nPF3,ZED.NOBODY@contoso.com\nPF4,\n`
    const preview = await dispatch(handlers, 'jobs:preview-manifest', { jobId: job.id, csv, restoreLeadingZeros: false }, { log: core.log })
    expect(preview.ok).toBe(true)
    const value = (preview as { value: { usersUnknown: unknown } }).value
    expect(value.usersUnknown).toEqual([{ userPrincipalName: 'zed.nobody@contoso.com', serialNumbers: ['PF1', 'PF3'], state: 'not-found' }])
    expect(mock.requestLog.filter((r) => /\/v1\.0\/users\/zed\.nobody/i.test(r.path))).toHaveLength(1)

    await mock.close()
    const offline = await dispatch(handlers, 'jobs:preview-manifest', { jobId: job.id, csv, restoreLeadingZeros: false }, { log: core.log })
    expect(offline.ok).toBe(true)
    // The user seen before (the users cache) still counts as known; the other could not be asked.
    expect((offline as { value: { usersUnknown: unknown } }).value.usersUnknown).toEqual([
      { userPrincipalName: 'zed.nobody@contoso.com', serialNumbers: ['PF1', 'PF3'], state: 'not-checked' },
    ])
  }, 30_000)
})
