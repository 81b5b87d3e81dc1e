import type Database from 'better-sqlite3'
import type { GraphClient } from '../graph/graph-client'
import { createUsersRepo } from '../repos/users-repo'
import { toEnvelopeError } from '../app-error'
import type { SearchUsersResponse, UserSummary } from '@shared/user-schemas'

/** OData string literal: single quotes are doubled (docs/reference/graph-api.md B13 #11 filter syntax). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

function mapUser(raw: unknown): UserSummary | null {
  if (typeof raw !== 'object' || raw === null) return null
  const u = raw as Record<string, unknown>
  if (typeof u.id !== 'string' || typeof u.userPrincipalName !== 'string') return null
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: typeof u.displayName === 'string' ? u.displayName : '',
    mail: typeof u.mail === 'string' ? u.mail : '',
    licensed: Array.isArray(u.assignedLicenses) ? u.assignedLicenses.length > 0 : null,
  }
}

/**
 * The user picker: cache first; only when the cache has no match does it ask Graph (v1.0 users,
 * `startswith` on display name or UPN), and stores what it finds. Offline, it says so.
 */
export async function searchUsers(
  db: Database.Database,
  graph: GraphClient,
  query: string,
  limit: number,
  correlationId: string,
): Promise<SearchUsersResponse> {
  const users = createUsersRepo(db)
  const cached = users.search(query, limit)
  if (cached.length > 0) return { users: cached, source: 'cache', notice: null }
  const filter = `startswith(displayName,${literal(query)}) or startswith(userPrincipalName,${literal(query)})`
  const path = `/users?$filter=${encodeURIComponent(filter)}&$top=${Math.min(limit, 999)}&$select=id,displayName,userPrincipalName,mail,assignedLicenses`
  try {
    const body = (await graph.getJson(path, { correlationId })) as { value?: unknown }
    const found = (Array.isArray(body?.value) ? body.value : []).map(mapUser).filter((u): u is UserSummary => u !== null)
    users.save(found, new Date().toISOString())
    return { users: users.search(query, limit), source: 'online', notice: null }
  } catch (error) {
    return { users: [], source: 'cache', notice: toEnvelopeError(error) }
  }
}
