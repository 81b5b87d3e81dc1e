import { describe, expect, it } from 'vitest'
import { SkipTokenCodec } from '@mock-intune/paging'
import { TenantGenerator } from '@mock-intune/tenant/tenant-generator'
import { DEVICES, follow, send, useMock, type ListBody } from '../support'

/** Correctness only; timing belongs in a benchmark. */
describe('a 1,000,000-device tenant', () => {
  const COUNT = 1_000_000
  const SEED = 7
  const mock = useMock({ devices: COUNT, seed: SEED })
  const tenant = new TenantGenerator(SEED, COUNT)

  it('serves the first page', async () => {
    const body = (await send(mock(), DEVICES)).json as ListBody
    expect(body.value).toHaveLength(1000)
    expect(body.value[0]?.id).toBe(tenant.idAt(0))
    expect(body['@odata.nextLink']).toBeDefined()
  })

  it('serves the pages at the very end, in order, and stops', async () => {
    // Jump near the end with a token minted the way the mock mints them (same seed → same key).
    const token = new SkipTokenCodec(SEED).encode({ serialNumber: tenant.serialAt(COUNT - 1501), id: tenant.idAt(COUNT - 1501) })
    const first = (await send(mock(), `${DEVICES}?$skiptoken=${token}`)).json as ListBody
    expect(first.value).toHaveLength(1000)
    expect(first.value[0]?.serialNumber).toBe(tenant.serialAt(COUNT - 1500))
    const last = (await follow(mock(), first['@odata.nextLink'] ?? '')).json as ListBody
    expect(last.value.map((d) => d.id)).toEqual(Array.from({ length: 500 }, (_, i) => tenant.idAt(COUNT - 500 + i)))
    expect(last['@odata.nextLink']).toBeUndefined()
  })

  it('gets the last device by id', async () => {
    const res = await send(mock(), `${DEVICES}/${tenant.idAt(COUNT - 1)}`)
    expect(res.status).toBe(200)
    expect((res.json as { serialNumber: string }).serialNumber).toBe(tenant.serialAt(COUNT - 1))
  })

  it('bounds a filtered scan: a short page with a nextLink, then the rest', async () => {
    const filter = encodeURIComponent(`contains(serialNumber,'${tenant.serialAt(COUNT - 2)}')`)
    let res = await send(mock(), `${DEVICES}?$filter=${filter}`)
    const found: string[] = []
    let pages = 0
    for (;;) {
      const body = res.json as ListBody
      found.push(...body.value.map((d) => d.id))
      pages++
      const next = body['@odata.nextLink']
      if (!next) break
      res = await follow(mock(), next)
    }
    expect(found).toEqual([tenant.idAt(COUNT - 2)])
    expect(pages).toBe(4) // 250,000 devices examined per request
  })
})
