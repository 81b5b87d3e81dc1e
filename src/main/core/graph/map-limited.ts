/**
 * `work` over `items` with at most `limit` calls running at once; the results in the items' order.
 * On a distant Graph every request is a round trip (300 ms–1 s): a dozen small reads one after
 * another cost seconds, a few at a time cost a few round trips. Rejects with the first failure, and
 * then starts no further item (the ones running finish, or stop on the caller's abort signal).
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const lane = async () => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await work(items[index]!)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
  return results
}
