import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

describe('user search (Graph v1.0 startswith, stored; the cache when Graph cannot answer)', () => {
  const start = useCoreOnMock()
  const setup = () => start({ seed: 3, devices: 10 }, { sync: false, correlationId: 'corr-users' })

  it('searches online even when the cache has matches (it holds only users seen before), and stores what it finds', async () => {
    const { mock, handlers, ctx } = await setup()
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    expect(online.source).toBe('online')
    expect(online.users.length).toBeGreaterThan(0)
    for (const user of online.users) expect(`${user.displayName}|${user.userPrincipalName}`.toLowerCase()).toMatch(/(^a|\|a)/)
    const request = mock.requestLog.find((r) => r.path.toLowerCase().startsWith('/v1.0/users'))
    expect(request?.clientRequestId).toBe('corr-users')
    // A narrower search the cache could answer in part: Graph is asked again, so no match is hidden.
    const prefix = online.users[0]!.userPrincipalName.slice(0, 4)
    const before = mock.requestLog.length
    const again = await handlers['users:search-users']({ query: prefix, limit: 10 }, ctx)
    expect(again.source).toBe('online')
    expect(again.users.map((u) => u.id)).toContain(online.users[0]!.id)
    expect(mock.requestLog.length).toBeGreaterThan(before)
  })

  it('when Graph cannot answer, the users seen before still match, with the reason', async () => {
    const { mock, handlers, ctx } = await setup()
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    await mock.close()
    const offline = await handlers['users:search-users']({ query: online.users[0]!.userPrincipalName.slice(0, 4), limit: 10 }, ctx)
    expect(offline).toMatchObject({ source: 'cache', notice: { code: 'offline' } })
    expect(offline.users.map((u) => u.id)).toContain(online.users[0]!.id)
  }, 20_000)

  it('passes quotes safely and says so when Intune cannot be reached', async () => {
    const { mock, handlers, ctx } = await setup()
    const quoted = await handlers['users:search-users']({ query: "o'brien", limit: 5 }, ctx)
    expect(quoted.notice).toBeNull()
    await mock.close()
    const offline = await handlers['users:search-users']({ query: 'zzzz-nobody', limit: 5 }, ctx)
    expect(offline).toMatchObject({ users: [], source: 'cache', notice: { code: 'offline' } })
  }, 20_000)
})
