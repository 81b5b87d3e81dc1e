import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

type Scenario = { name: string; device: { id: string } | null }

/**
 * The device card opens from the cache at once while its online lookups (Entra device object, the
 * user's licence) are under way beside it: a hanging Intune held the first card for the lookup's whole
 * timeout. When the lookup ends the card is told (data:changed, bench topic) and its re-read does not
 * ask again.
 */
describe('device card: online checks beside the card, not before it', () => {
  const start = useCoreOnMock()

  async function setup() {
    // A short Graph timeout keeps the test quick; the card's own try is at most 5 s.
    const fixture = await start({ seed: 8, devices: 200, throttle: 'off', speed: 1 }, { core: { graphTimeoutMs: 2_000 } })
    const response = await fetch(`${fixture.mock.url}/_sim/scenarios`, { headers: { Authorization: `Bearer ${fixture.mock.token}` } })
    const scenarios = ((await response.json()) as { value: Scenario[] }).value
    const id = scenarios.find((s) => s.name === 'ready-win11')?.device?.id
    if (!id) throw new Error('the mock has no ready-win11 device')
    const changed: string[][] = []
    fixture.core.bus.subscribe((name, payload) => {
      if (name === 'data:changed') changed.push((payload as { topics: string[] }).topics)
    })
    const entraAsks = () => fixture.mock.requestLog.filter((r) => r.method === 'GET' && /\/v1\.0\/devices\?/i.test(r.path)).length
    const hang = (spec: string) =>
      fetch(`${fixture.mock.url}/_sim/faults`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${fixture.mock.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ spec }),
      })
    const item = (card: { readiness: { items: Array<{ id: string; status: string; checking?: true }> } } | null, ruleId: string) =>
      card?.readiness.items.find((i) => i.id === ruleId)
    return { ...fixture, id, changed, entraAsks, hang, item }
  }

  it('Intune hangs: the card opens at once saying the Entra object is being checked; then not checked, the app Offline, no second ask', async () => {
    const { handlers, ctx, core, id, changed, entraAsks, hang, item } = await setup()
    expect((await hang('hang=always:path=/v1.0/')).ok).toBe(true)
    expect(core.connectivity.online).not.toBe(false)

    const started = Date.now()
    const card = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(item(card, 'entra-object')).toMatchObject({ status: 'unknown', checking: true })
    expect(item(card, 'entra-object')?.status).not.toBe('ok')
    expect(card?.readiness.verdict).toBe('unconfirmed')

    // Opened again while the check hangs: still at once, still one check.
    const again = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(item(again, 'entra-object')?.checking).toBe(true)
    await core.onlineChecks.settled(id)
    expect(entraAsks()).toBe(1)
    // The card is told, and Intune not answering in time makes the app Offline.
    expect(changed.some((topics) => topics.includes('bench'))).toBe(true)
    expect(core.connectivity.online).toBe(false)

    // The re-read the change causes asks nothing more: no loop.
    changed.length = 0
    const after = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(item(after, 'entra-object')).toMatchObject({ status: 'unknown' })
    expect(item(after, 'entra-object')?.checking).toBeUndefined()
    await core.onlineChecks.settled(id)
    expect(entraAsks()).toBe(1)
    expect(changed).toEqual([])
  }, 60_000)

  it('a check that fails without going offline is not repeated by the re-read it causes', async () => {
    const { handlers, ctx, core, id, changed, entraAsks, hang, item } = await setup()
    expect((await hang('500=always:path=/v1.0/')).ok).toBe(true)
    const card = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(item(card, 'entra-object')?.checking).toBe(true)
    await core.onlineChecks.settled(id)
    expect(changed.some((topics) => topics.includes('bench'))).toBe(true)
    const asked = entraAsks()
    for (let i = 0; i < 3; i++) {
      const reread = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
      expect(item(reread, 'entra-object')).toMatchObject({ status: 'unknown' })
      expect(item(reread, 'entra-object')?.checking).toBeUndefined()
      await core.onlineChecks.settled(id)
    }
    expect(entraAsks()).toBe(asked)
  }, 60_000)

  it('Intune answers: the answer shows after the check, and a fresh answer is not asked again', async () => {
    const { handlers, ctx, core, id, entraAsks, item } = await setup()
    const first = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(item(first, 'entra-object')?.checking).toBe(true)
    await core.onlineChecks.settled(id)
    const card = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(item(card, 'entra-object')).toMatchObject({ status: 'ok' })
    expect(item(card, 'entra-object')?.checking).toBeUndefined()
    expect(item(card, 'user')).toMatchObject({ status: 'ok' })
    expect(item(card, 'user')?.checking).toBeUndefined()
    await core.onlineChecks.settled(id)
    expect(entraAsks()).toBe(1)
  }, 60_000)

  it('known offline: the card asks nothing and says nothing is being checked', async () => {
    const { handlers, ctx, core, id, entraAsks, item } = await setup()
    core.setOnline(false)
    const card = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(card?.readiness.items.some((i) => i.checking)).toBe(false)
    expect(item(card, 'entra-object')).toMatchObject({ status: 'unknown' })
    await core.onlineChecks.settled(id)
    expect(entraAsks()).toBe(0)
  }, 60_000)
})
