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
 * The user picker asks Graph (v1.0 users, `startswith` on display name or UPN) and stores what it finds;
 * the answer is the cache's matches after that. The cache holds only users seen before, so it is not
 * enough by itself: "emma" answered from it showed three Emmas of a tenant with dozens. When Graph
 * cannot answer, the cached matches come with the reason (offline, refused).
 */
export async function searchUsers(
  db: Database.Database,
  graph: GraphClient,
  query: string,
  limit: number,
  correlationId: string,
): Promise<SearchUsersResponse> {
  const users = createUsersRepo(db)
  const filter = `startswith(displayName,${literal(query)}) or startswith(userPrincipalName,${literal(query)})`
  const path = `/users?$filter=${encodeURIComponent(filter)}&$top=${Math.min(limit, 999)}&$select=id,displayName,userPrincipalName,mail,assignedLicenses`
  try {
    const body = (await graph.getJson(path, { correlationId })) as { value?: unknown }
    const found = (Array.isArray(body?.value) ? body.value : []).map(mapUser).filter((u): u is UserSummary => u !== null)
    users.save(found, new Date().toISOString())
    return { users: users.search(query, limit), source: 'online', notice: null }
  } catch (error) {
    return { users: users.search(query, limit), source: 'cache', notice: toEnvelopeError(error) }
  }
}

/** Said with the cached users when the app already knows Intune can't be reached (nothing was asked). */
export const KNOWN_OFFLINE_NOTICE = {
  code: 'offline',
  message: "Intune can't be reached now, so only the users this app has seen before (the cache) are searched. Search asks Intune again once the app is online.",
} as const

/** The cached matches only, without asking Graph: the app already knows Intune can't be reached. */
export function searchCachedUsers(db: Database.Database, query: string, limit: number): SearchUsersResponse {
  return { users: createUsersRepo(db).search(query, limit), source: 'cache', notice: { ...KNOWN_OFFLINE_NOTICE } }
}
