/**
 * At most `lanes` requests in flight at once, started in the order they were asked for. On a distant
 * Graph every request is a round trip (300 ms–1 s): a dozen small reads one after another cost
 * seconds, a few at a time cost a few round trips. A failed task frees its lane like any other; the
 * caller stops the rest through its requests' abort signal.
 */
export function createRequestLanes(lanes: number) {
  let running = 0
  const waiting: Array<() => void> = []
  const startNext = () => {
    while (running < lanes && waiting.length > 0) {
      running++
      waiting.shift()!()
    }
  }
  return function inLane<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        // A task that throws before its first await is a rejection too, and still frees the lane.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            running--
            startNext()
          })
      })
      startNext()
    })
  }
}
