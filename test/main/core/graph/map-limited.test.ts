import { describe, expect, it } from 'vitest'
import { mapLimited } from '@core/graph/map-limited'

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

describe('mapLimited (a few Graph reads at a time)', () => {
  it('keeps the items’ order and never runs more than the limit at once', async () => {
    let running = 0
    let most = 0
    const results = await mapLimited([50, 5, 30, 1, 20, 10, 2], 3, async (ms) => {
      running++
      most = Math.max(most, running)
      await later(ms)
      running--
      return ms * 2
    })
    expect(results).toEqual([100, 10, 60, 2, 40, 20, 4])
    expect(most).toBe(3)
  })

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = []
    const outcome = mapLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n)
      await later(n === 2 ? 1 : 20)
      if (n === 2) throw new Error('403 on item 2')
      return n
    })
    await expect(outcome).rejects.toThrow('403 on item 2')
    await later(60)
    expect(started).toEqual([1, 2])
  })

  it('does nothing for no items', async () => {
    expect(await mapLimited([], 4, async () => 1)).toEqual([])
  })
})
