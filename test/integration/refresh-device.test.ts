import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

describe('on-demand device refresh and serial lookup (core + mock Intune + SQLite)', () => {
  const start = useCoreOnMock()

  async function setup() {
    const { mock, core, handlers, ctx } = await start({ seed: 11, devices: 40 }, { correlationId: 'corr-scan' })
    const first = (await handlers['devices:list-devices']({ search: '', limit: 1, after: null, position: null }, ctx)).items[0]!
    return { mock, core, handlers, ctx, first }
  }

  it('fetches a scanned device by id online and records it', async () => {
    const { mock, handlers, ctx, first } = await setup()
    const result = await handlers['devices:refresh-device']({ id: first.id.toUpperCase() }, ctx)
    expect(result).toMatchObject({ source: 'online', notice: null, device: { id: first.id, serialNumber: first.serialNumber } })
    expect(mock.requestLog.some((r) => r.path.toLowerCase().includes(first.id) && r.clientRequestId === 'corr-scan')).toBe(true)
  })

  it('drops a device Intune no longer knows and says so', async () => {
    const { handlers, ctx, first } = await setup()
    const unknown = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
    const result = await handlers['devices:refresh-device']({ id: unknown }, ctx)
    expect(result).toMatchObject({ device: null, source: 'online', notice: { code: 'not-found' } })
    expect(await handlers['devices:get-device']({ id: first.id }, ctx)).not.toBeNull()
  })

  it('answers from the cache with an offline notice when Intune is unreachable', async () => {
    const { mock, handlers, ctx, first } = await setup()
    await mock.close()
    const result = await handlers['devices:refresh-device']({ id: first.id }, ctx)
    expect(result).toMatchObject({ source: 'cache', notice: { code: 'offline' }, device: { id: first.id } })
  }, 30_000)

  it('finds cached devices by exact serial, ignoring case and spaces', async () => {
    const { handlers, ctx, first } = await setup()
    expect(await handlers['devices:find-by-serial']({ serialNumber: ` ${first.serialNumber.toLowerCase()} ` }, ctx)).toEqual([first])
    expect(await handlers['devices:find-by-serial']({ serialNumber: first.serialNumber.slice(0, -1) }, ctx)).toEqual([])
  })
})
