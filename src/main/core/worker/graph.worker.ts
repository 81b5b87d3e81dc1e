import { createGraphClient, type GraphClientOptions } from '../graph/graph-client'
import type { GraphArgs, WorkerContext } from './method'
import { requestFreshToken } from './token-request.worker'

const definedOnly = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

/** A Graph client for one call: the caller's settings win over the method's defaults. */
export const graphFor = (
  ctx: WorkerContext,
  given: GraphArgs,
  defaults: Partial<GraphArgs> = {},
  extra: Pick<GraphClientOptions, 'unreachableElsewhere'> = {},
) => {
  const args = { ...defaults, ...definedOnly(given) }
  let token = args.token
  // Requests side by side (a sync reads the directory beside its device pages) meet an expired token
  // together: they share one refresh rather than ask the core for one each.
  let refreshing: Promise<void> | null = null
  return createGraphClient({
    baseUrl: args.baseUrl,
    getToken: async () => token,
    // Customer tenants: a token that expires during a long run is replaced and the request sent again.
    ...(args.refreshable
      ? {
          onUnauthorized: () =>
            (refreshing ??= requestFreshToken()
              .then((fresh) => {
                token = fresh
              })
              .finally(() => {
                refreshing = null
              })),
        }
      : {}),
    log: ctx.log,
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
    ...(args.maxRetries !== undefined ? { maxRetries: args.maxRetries } : {}),
    ...extra,
  })
}

/** Users and groups live under Graph v1.0; the tenant's base is the beta root (docs/reference/graph-api.md B0). */
export const v1Root = (betaRoot: string) => betaRoot.replace(/\/beta\/?$/i, '/v1.0')
