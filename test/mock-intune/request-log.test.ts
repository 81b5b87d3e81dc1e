import { describe, expect, it } from 'vitest'
import { RequestLog } from '@mock-intune/request-log'

describe('RequestLog', () => {
  it('keeps roughly the last 10,000 entries, oldest first', () => {
    const log = new RequestLog()
    for (let i = 0; i < 25_000; i++) log.add({ method: 'GET', path: `/${i}`, status: 200 })
    expect(log.entries.length).toBeGreaterThanOrEqual(10_000)
    expect(log.entries.length).toBeLessThan(11_000)
    expect(log.entries.at(-1)?.path).toBe('/24999')
    const first = Number(log.entries[0]?.path.slice(1))
    expect(log.entries.every((e, i) => e.path === `/${first + i}`)).toBe(true)
  })

  it('truncates very long paths', () => {
    const log = new RequestLog()
    log.add({ method: 'GET', path: `/${'x'.repeat(10_000)}`, status: 414 })
    expect(log.entries[0]?.path.length).toBe(2048)
  })
})
