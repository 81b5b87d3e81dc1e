import { searchUsers, searchCachedUsers } from '../sync/search-users-online.worker'
import { internalMethod, type GraphArgs } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'

/**
 * User search: online when Intune answers, else the cached users. The `users:search-users` handler
 * (users-handlers.ts, main thread: it knows the connectivity) picks which.
 */
export const usersMethods = {
  // A person waits for this as they type: one try of 5 s, then the cached matches with the reason (a
  // hanging Intune kept "Searching…" for 15 s and more).
  ...internalMethod(
    'users.search',
    { readOnly: false, graph: { maxRetries: 0, timeoutMs: 5_000 } },
    async (ctx, args: GraphArgs & { query: string; limit: number }) => {
      const v1 = { ...args, baseUrl: v1Root(args.baseUrl) }
      const result = await searchUsers(ctx.db, graphFor(ctx, v1), args.query, args.limit, args.correlationId)
      if (result.source === 'online') ctx.emit('data:changed', dataChanged('users'))
      return result
    },
  ),
  ...internalMethod('users.search-cached', { readOnly: true }, (ctx, args: { query: string; limit: number }) =>
    searchCachedUsers(ctx.db, args.query, args.limit),
  ),
}
