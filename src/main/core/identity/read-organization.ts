import { randomUUID } from 'node:crypto'
import { createGraphClient } from '../graph/graph-client'
import type { FileLogger } from '../logging/file-logger'

export interface OrganizationName {
  displayName: string
  domain: string | null
}

/**
 * Right after a sign-in: the organization's name and default domain (User.Read is enough). Best effort,
 * the sign-in stands without it (the tenant is then named by its domain).
 *
 * A token Graph refuses as expired (a short-lived token, or Graph's clock a little ahead of the token
 * service's) is refreshed once through `refresh`, as a sync does; without it the tenant would keep its
 * domain for a name until the next sign-in.
 */
export async function readOrganization(
  input: { graphRoot: string; token: string; log: Pick<FileLogger, 'log' | 'addSecret'>; fetchImpl?: typeof fetch },
  refresh: () => Promise<string>,
): Promise<OrganizationName | null> {
  let token = input.token
  try {
    // The app's own Graph client: the token goes only to the cloud's Graph origin, redirects are refused.
    const graph = createGraphClient({
      baseUrl: `${input.graphRoot.replace(/\/+$/, '')}/v1.0`,
      getToken: async () => token,
      onUnauthorized: async () => {
        token = await refresh()
        input.log.addSecret(token)
      },
      log: input.log,
      maxRetries: 0,
      timeoutMs: 10_000,
      ...(input.fetchImpl ? { fetchImpl: input.fetchImpl } : {}),
    })
    const answer = (await graph.getJson('/organization?$select=displayName,verifiedDomains', { correlationId: randomUUID() })) as {
      value?: { displayName?: string; verifiedDomains?: { name?: string; isDefault?: boolean }[] }[]
    }
    const org = answer.value?.[0]
    if (!org?.displayName) return null
    const domain = org.verifiedDomains?.find((d) => d.isDefault)?.name ?? null
    return { displayName: org.displayName, domain }
  } catch {
    return null
  }
}
