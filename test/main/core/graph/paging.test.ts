import { describe, expect, it } from 'vitest'
import { prefetchPages } from '@core/graph/paging'

/** prefetchPages on its own: links in order, one request ahead, the pending request stopped when the caller stops. */
describe('prefetchPages', () => {
  const link = (n: number) => `https://graph.test/beta/items?$skiptoken=${n}`
  function pagesOf(count: number) {
    const asked: string[] = []
    const signals: AbortSignal[] = []
    const fetchPage = async (url: string, signal: AbortSignal) => {
      asked.push(url)
      signals.push(signal)
      const n = url === link(0) ? 0 : Number(new URL(url).searchParams.get('$skiptoken'))
      return { value: [n], ...(n + 1 < count ? { '@odata.nextLink': link(n + 1) } : {}) }
    }
    return { asked, signals, fetchPage }
  }

  it('hands pages over in nextLink order, with the next page already asked for and none beyond it', async () => {
    const { asked, fetchPage } = pagesOf(4)
    const seen: number[] = []
    for await (const page of prefetchPages(link(0), fetchPage, new Set([link(0)]), 'items')) {
      const n = (page.body as { value: number[] }).value[0]!
      seen.push(n)
      expect(asked).toHaveLength(Math.min(4, n + 2))
    }
    expect(seen).toEqual([0, 1, 2, 3])
    expect(asked).toEqual([link(0), link(1), link(2), link(3)])
  })

  it('aborts the prefetched request when the caller stops early, and ends a repeated link with paging-loop', async () => {
    const { signals, fetchPage } = pagesOf(4)
    for await (const page of prefetchPages(link(0), fetchPage, new Set([link(0)]), 'items')) {
      if ((page.body as { value: number[] }).value[0] === 1) break
    }
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, true])

    const loop = async (url: string) => ({ value: [1], '@odata.nextLink': url })
    const pages = prefetchPages(link(0), loop, new Set(), 'items')
    await expect(
      (async () => {
        for await (const _ of pages) void _
      })(),
    ).rejects.toMatchObject({ code: 'paging-loop' })
  })
})
