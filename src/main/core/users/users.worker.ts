import { searchUsers } from '../sync/search-users-online.worker'
import { channelMethod } from '../worker/method'
import { graphFor, v1Root } from '../worker/graph.worker'
import { dataChanged } from '@shared/data-topics'

/** User search: online when Intune answers, else the cached users. */
export const usersMethods = {
  ...channelMethod('users:search-users', { readOnly: false, graph: { maxRetries: 1, timeoutMs: 10_000 } }, async (ctx, args) => {
    const v1 = { ...args, baseUrl: v1Root(args.baseUrl) }
    const result = await searchUsers(ctx.db, graphFor(ctx, v1), args.query, args.limit, args.correlationId)
    if (result.source === 'online') ctx.emit('data:changed', dataChanged('users'))
    return result
  }),
}
