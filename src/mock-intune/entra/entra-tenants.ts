import { createHash } from 'node:crypto'
import type { MockState } from '../mock-state'
import { ALL_PERMISSIONS, type ResolvedEntraOptions } from './entra-options'

/** What the account may do in Intune (the roles of docs/reference/entra-protocol.md §E5). */
export type IntuneRole = 'readWrite' | 'readOnly' | 'none'

export interface EntraAccount {
  upn: string
  oid: string
  name: string
  role: IntuneRole
}

/** One mock tenant: its Intune data (a MockState of its own) and its Entra side. */
export interface EntraTenant {
  id: string
  domain: string
  displayName: string
  state: MockState
  accounts: readonly EntraAccount[]
  /** The delegated permissions consented for the mock's app registration in this tenant. */
  consented: ReadonlySet<string>
  /** Conditional Access blocks device code flow here (AADSTS53003). */
  blockDeviceCode: boolean
}

/** A stable GUID from text (the same tenant and account get the same object id every run). */
export function guidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const ACCOUNTS: ReadonlyArray<{ local: string; name: string; role: IntuneRole }> = [
  { local: 'tech', name: 'Bench Technician', role: 'readWrite' },
  { local: 'reader', name: 'Read-only Operator', role: 'readOnly' },
  { local: 'nobody', name: 'No Intune Role', role: 'none' },
]

/** Builds the Entra side of each tenant; `consent` and `blockDeviceCode` name tenants by domain or id (unknown names are an error). */
export function entraTenants(states: readonly MockState[], options: ResolvedEntraOptions): EntraTenant[] {
  const tenants = states.map((state) => {
    const catalog = state.tenant.catalog
    const id = catalog.tenantId
    const domain = catalog.defaultDomain
    return {
      id,
      domain,
      displayName: catalog.displayName,
      state,
      accounts: ACCOUNTS.map(({ local, name, role }) => ({ upn: `${local}@${domain}`, oid: guidFrom(`${id}/${local}`), name, role })),
      consented: new Set<string>(ALL_PERMISSIONS),
      blockDeviceCode: false,
    }
  })
  const find = (name: string, option: string): EntraTenant => {
    const tenant = findTenant(tenants, name)
    if (!tenant) throw new RangeError(`${option}: no tenant '${name}' (tenants: ${tenants.map((t) => `${t.domain} ${t.id}`).join(', ')})`)
    return tenant
  }
  for (const [name, scopes] of Object.entries(options.consent)) find(name, 'consent').consented = new Set(scopes)
  for (const name of options.blockDeviceCode) {
    if (name === 'all') tenants.forEach((t) => (t.blockDeviceCode = true))
    else find(name, 'block-device-code').blockDeviceCode = true
  }
  return tenants
}

/** A tenant by id or domain, case-insensitively (Entra accepts either in the authority). */
export function findTenant<T extends { id: string; domain: string }>(tenants: readonly T[], name: string): T | undefined {
  const key = name.toLowerCase()
  return tenants.find((t) => t.id === key || t.domain.toLowerCase() === key)
}

export function findAccount(tenants: readonly EntraTenant[], login: string): { tenant: EntraTenant; account: EntraAccount } | undefined {
  const key = login.trim().toLowerCase()
  for (const tenant of tenants) {
    const account = tenant.accounts.find((a) => a.upn === key)
    if (account) return { tenant, account }
  }
  return undefined
}
