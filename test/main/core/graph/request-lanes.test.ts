import { describe, expect, it } from 'vitest'
import { createRequestLanes } from '@core/graph/request-lanes'

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

describe('request lanes (a few Graph reads at a time)', () => {
  it('never runs more than its lanes at once, starts tasks in the order asked, and gives each its own result', async () => {
    const inLane = createRequestLanes(3)
    let running = 0
    let most = 0
    const started: number[] = []
    const results = await Promise.all(
      [50, 5, 30, 1, 20, 10, 2].map((ms) =>
        inLane(async () => {
          started.push(ms)
          running++
          most = Math.max(most, running)
          await later(ms)
          running--
          return ms * 2
        }),
      ),
    )
    expect(results).toEqual([100, 10, 60, 2, 40, 20, 4])
    expect(most).toBe(3)
    expect(started.slice(0, 3)).toEqual([50, 5, 30])
  })

  it('frees the lane of a task that fails, even one that throws at once, and runs the rest', async () => {
    const inLane = createRequestLanes(1)
    const outcomes = await Promise.allSettled([
      inLane(async () => {
        throw new Error('403 on the first')
      }),
      inLane((): Promise<number> => {
        throw new Error('thrown before any await')
      }),
      inLane(async () => 3),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled'])
    expect(outcomes[2]).toMatchObject({ value: 3 })
  })

  it('lets a task queue more tasks (a list, then a read per item) without waiting on its own lane', async () => {
    const inLane = createRequestLanes(2)
    const seen: string[] = []
    const items = await inLane(async () => ['a', 'b', 'c'])
    await Promise.all(items.map((item) => inLane(async () => void seen.push(item))))
    expect(seen).toEqual(['a', 'b', 'c'])
  })
})
