import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writePrivateFileAtomically } from '../private-files'

/**
 * The customer tenants this bench knows, persisted as `tenants.json` in the data folder. It holds
 * names and ids only — never a token (those are in the per-tenant token cache, encrypted or in memory).
 * The embedded demo tenant is not stored: it is always there and is the default.
 */
export const DEMO_TENANT_ID = 'demo'

const recordSchema = z.object({
  /** The tenant id (GUID) Entra returned at sign-in; names the cache database and the token cache file. */
  id: z.string().regex(/^[0-9a-f-]{36}$/),
  /** What the technician typed (domain or id); the authority MSAL signs in against. */
  authorityTenant: z.string(),
  displayName: z.string(),
  domain: z.string().nullable(),
  clientId: z.string(),
  cloud: z.string(),
  /** MSAL's account key and the user name; identifiers, not secrets. */
  homeAccountId: z.string().nullable(),
  username: z.string().nullable(),
  granted: z.array(z.string()),
  /** Features Graph refused for the user's Intune role. */
  roleRefused: z.array(z.string()).default([]),
  addedAt: z.string(),
})
export type TenantRecord = z.infer<typeof recordSchema>

const fileSchema = z.object({ version: z.literal(1), active: z.string(), tenants: z.array(recordSchema) })
type RegistryFile = z.infer<typeof fileSchema>

export function createTenantRegistry(dataDir: string) {
  const file = join(dataDir, 'tenants.json')
  let state: RegistryFile = { version: 1, active: DEMO_TENANT_ID, tenants: [] }
  if (existsSync(file)) {
    // A damaged file must not stop the app: the demo tenant still works and the technician re-adds tenants.
    const parsed = fileSchema.safeParse(safeJson(readFileSync(file, 'utf8')))
    if (parsed.success) state = parsed.data
  }
  if (state.active !== DEMO_TENANT_ID && !state.tenants.some((t) => t.id === state.active)) state.active = DEMO_TENANT_ID

  const save = () => writePrivateFileAtomically(file, JSON.stringify(state, null, 2))

  return {
    file,
    list: (): readonly TenantRecord[] => state.tenants,
    get: (id: string): TenantRecord | null => state.tenants.find((t) => t.id === id) ?? null,
    get activeId(): string {
      return state.active
    },
    /** Adds or replaces (same tenant id) in one write: nothing half-saved. */
    upsert(record: TenantRecord) {
      state = { ...state, tenants: [...state.tenants.filter((t) => t.id !== record.id), record] }
      save()
    },
    update(id: string, change: Partial<Omit<TenantRecord, 'id'>>) {
      const current = state.tenants.find((t) => t.id === id)
      if (!current) return
      state = { ...state, tenants: state.tenants.map((t) => (t.id === id ? { ...t, ...change } : t)) }
      save()
    },
    remove(id: string) {
      state = { ...state, active: state.active === id ? DEMO_TENANT_ID : state.active, tenants: state.tenants.filter((t) => t.id !== id) }
      save()
    },
    setActive(id: string) {
      if (id !== DEMO_TENANT_ID && !state.tenants.some((t) => t.id === id)) throw new Error(`unknown tenant ${id}`)
      state = { ...state, active: id }
      save()
    },
  }
}

export type TenantRegistry = ReturnType<typeof createTenantRegistry>

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
