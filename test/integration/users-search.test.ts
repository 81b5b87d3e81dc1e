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

  it('known offline (the status bar says Offline), answers from the users seen before at once, without asking Intune, and says why', async () => {
    const { mock, core, handlers, ctx } = await setup()
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    core.setOnline(false)
    const asked = mock.requestLog.length
    const started = Date.now()
    const offline = await handlers['users:search-users']({ query: online.users[0]!.userPrincipalName.slice(0, 4), limit: 10 }, ctx)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(offline).toMatchObject({ source: 'cache', notice: { code: 'offline', message: expect.stringMatching(/can't be reached.*seen before/) } })
    expect(offline.users.map((u) => u.id)).toContain(online.users[0]!.id)
    expect(mock.requestLog.length).toBe(asked)
  })

  it('cacheOnly answers from the users seen before without asking Intune, and gives no "offline" reason (the app is not known offline)', async () => {
    const { mock, handlers, ctx } = await setup()
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    const asked = mock.requestLog.length
    const cached = await handlers['users:search-users']({ query: online.users[0]!.userPrincipalName.slice(0, 4), limit: 10, cacheOnly: true }, ctx)
    expect(cached).toMatchObject({ source: 'cache', notice: null })
    expect(cached.users.map((u) => u.id)).toContain(online.users[0]!.id)
    expect(mock.requestLog.length).toBe(asked)
  })

  it('a search Intune does not answer tells the app it is offline, so the next keystroke goes straight to the cache', async () => {
    // The first user search answers; every later one hangs (the network went away mid-session).
    const { mock, core, handlers, ctx } = await start({ seed: 3, devices: 10, faults: 'hang=#2-1000:path=/v1.0/users' }, { sync: false, correlationId: 'c' })
    const online = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    expect(online.source).toBe('online')
    expect(core.connectivity.online).toBe(true)
    const timedOut = await handlers['users:search-users']({ query: 'ab', limit: 10 }, ctx)
    expect(timedOut.source).toBe('cache')
    expect(core.connectivity.online).toBe(false)
    const asked = mock.requestLog.length
    const started = Date.now()
    const next = await handlers['users:search-users']({ query: 'abc', limit: 10 }, ctx)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(next).toMatchObject({ source: 'cache', notice: { code: 'offline' } })
    expect(mock.requestLog.length).toBe(asked)
  }, 20_000)

  it('a search asking a hanging Intune answers from the cache as soon as another call finds Intune unreachable (not after its own 5 s)', async () => {
    // Reproduced in Chromium (hang=always): a search typed 4 s after the card opened kept "Searching…" for
    // 5.8 s, 5.2 s of them with the status bar already Offline (the card's Entra lookup had timed out).
    const { core, handlers, ctx } = await start({ seed: 3, devices: 10, faults: 'hang=#2-1000:path=/v1.0/users' }, { sync: false, correlationId: 'c' })
    const seen = await handlers['users:search-users']({ query: 'a', limit: 10 }, ctx)
    expect(seen.source).toBe('online')
    const started = Date.now()
    const searching = handlers['users:search-users']({ query: seen.users[0]!.userPrincipalName.slice(0, 4), limit: 10 }, ctx)
    // Another call (here: as a scan's refresh or the card's lookup would) finds Intune unreachable meanwhile.
    setTimeout(() => core.setOnline(false), 300)
    const answer = await searching
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(answer).toMatchObject({ source: 'cache', notice: { code: 'offline' } })
    expect(answer.users.map((u) => u.id)).toContain(seen.users[0]!.id)
  }, 20_000)
})
