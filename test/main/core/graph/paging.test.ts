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

  /** Pages whose bodies resolve only when the test says so, telling their link early (as graph-client's onNextLink does). */
  function manualPages(linkOf: (n: number) => string | null, earlyOf: (n: number) => string | null = linkOf) {
    const asked: string[] = []
    const signals: AbortSignal[] = []
    const finish: Array<() => void> = []
    const fetchPage = (url: string, signal: AbortSignal, onNextLink: (link: string) => void) => {
      const n = url === link(0) ? 0 : Number(new URL(url).searchParams.get('$skiptoken'))
      asked.push(url)
      signals.push(signal)
      return new Promise<unknown>((resolve) => {
        finish[n] = () => {
          const early = earlyOf(n)
          if (early) onNextLink(early)
          // The body is parsed a little later than its link was seen.
          queueMicrotask(() => resolve({ value: [n], ...(linkOf(n) ? { '@odata.nextLink': linkOf(n) } : {}) }))
        }
      })
    }
    return { asked, signals, finish, fetchPage }
  }

  it("asks for the next page as soon as this page's body shows its link, before the page is handed over", async () => {
    const { asked, finish, fetchPage } = manualPages((n) => (n < 2 ? link(n + 1) : null))
    const pages = prefetchPages(link(0), fetchPage, new Set([link(0)]), 'items')
    const first = pages.next()
    await Promise.resolve()
    finish[0]!()
    // The link was told: page 1 is asked for before page 0 is parsed and handed over.
    expect(asked).toEqual([link(0), link(1)])
    expect(((await first).value as { body: { value: number[] } }).body.value).toEqual([0])
    expect(asked).toEqual([link(0), link(1)]) // not asked twice
    // Page 1 shows its link while the caller still writes page 0: page 2 waits until the caller asks for page 1.
    finish[1]!()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(asked).toEqual([link(0), link(1)])
    const second = pages.next()
    await Promise.resolve()
    expect(asked).toEqual([link(0), link(1), link(2)])
    await second
    finish[2]!()
    expect((await pages.next()).done).toBe(false)
    expect((await pages.next()).done).toBe(true)
  })

  it('an early link that the parsed page contradicts is cancelled and the parsed link asked for; a repeated one is a loop', async () => {
    const wrong = manualPages(
      (n) => (n < 1 ? link(n + 1) : null),
      (n) => (n === 0 ? link(7) : null),
    )
    const pages = prefetchPages(link(0), wrong.fetchPage, new Set([link(0)]), 'items')
    const first = pages.next()
    await Promise.resolve()
    wrong.finish[0]!()
    await first
    expect(wrong.asked).toEqual([link(0), link(7), link(1)])
    expect(wrong.signals[1]!.aborted).toBe(true)
    expect(wrong.signals[2]!.aborted).toBe(false)
    await pages.return(undefined)

    // A page whose early link was seen before: nothing is asked for it, and the parsed page ends the run.
    const looping = manualPages(() => link(0))
    const run = prefetchPages(link(0), looping.fetchPage, new Set([link(0)]), 'items')
    const only = run.next()
    await Promise.resolve()
    looping.finish[0]!()
    await expect(only).rejects.toMatchObject({ code: 'paging-loop' })
    expect(looping.asked).toEqual([link(0)])
  })
})
