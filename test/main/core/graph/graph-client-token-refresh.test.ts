import { describe, expect, it } from 'vitest'
import { createGraphClient } from '@core/graph/graph-client'
import { silentLog } from '@core/logging/log-sink'

const unauthorized = () =>
  new Response(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } }), { status: 401 })

function setup(replies: Array<() => Response>, refreshable: boolean) {
  const seen: string[] = []
  let token = 'token-1'
  let refreshes = 0
  const graph = createGraphClient({
    baseUrl: 'https://graph.test/beta',
    getToken: async () => token,
    log: silentLog,
    fetchImpl: (async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>).authorization!)
      return replies.shift()!()
    }) as unknown as typeof fetch,
    ...(refreshable
      ? {
          onUnauthorized: async () => {
            refreshes++
            token = `token-${refreshes + 1}`
          },
        }
      : {}),
  })
  return { graph, seen, refreshes: () => refreshes }
}

describe('a token that expires mid-run', () => {
  it('is replaced after a 401 and the request is sent again with the new one', async () => {
    const { graph, seen, refreshes } = setup([unauthorized, () => Response.json({ value: [1] })], true)
    await expect(graph.getJson('/x', { correlationId: 'c' })).resolves.toEqual({ value: [1] })
    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2'])
    expect(refreshes()).toBe(1)
  })

  it('refreshes once per request: a second 401 is the answer (sign in again)', async () => {
    const { graph, refreshes } = setup([unauthorized, unauthorized], true)
    await expect(graph.getJson('/x', { correlationId: 'c' })).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
    expect(refreshes()).toBe(1)
  })

  it('without a refresher (the demo tenant, the CLI token) a 401 fails at once, as before', async () => {
    const { graph, seen } = setup([unauthorized], false)
    await expect(graph.getJson('/x', { correlationId: 'c' })).rejects.toMatchObject({ status: 401 })
    expect(seen).toHaveLength(1)
  })
})
