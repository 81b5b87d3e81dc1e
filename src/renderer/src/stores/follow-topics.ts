import type { Api } from '@shared/api'
import { touches, type DataTopic } from '@shared/data-topics'

/**
 * Calls `listener` on every `data:changed` that names one of `topics`. Stores are the only place
 * that follows changes: they know which topics their data depends on. Returns the detach function.
 */
export function followTopics(api: Pick<Api, 'on'>, topics: readonly DataTopic[], listener: () => void): () => void {
  return api.on('data:changed', (change) => {
    if (touches(change, topics)) listener()
  })
}
