import { searchUsers } from '../sync/search-users-online.worker'
import { channelMethod } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'

/** User search: online when Intune answers, else the cached users. */
export const usersMethods = {
  // A person waits for this as they type: one try of 5 s, then the cached matches with the reason (a
  // hanging Intune kept "Searching…" for 15 s and more).
  ...channelMethod('users:search-users', { readOnly: false, graph: { maxRetries: 0, timeoutMs: 5_000 } }, async (ctx, args) => {
    const v1 = { ...args, baseUrl: v1Root(args.baseUrl) }
    const result = await searchUsers(ctx.db, graphFor(ctx, v1), args.query, args.limit, args.correlationId)
    if (result.source === 'online') ctx.emit('data:changed', dataChanged('users'))
    return result
  }),
}
