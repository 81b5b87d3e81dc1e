/**
 * National clouds as data (docs/reference/identity.md §clouds). A tenant carries its cloud's id; every
 * host the app talks to comes from this table, so adding a cloud later is a row here, not code.
 * Only the global cloud is offered: Autopilot pre-provisioning is not available in GCC High / DoD and
 * not at all with 21Vianet (docs/reference/identity.md §clouds). GCC tenants use the global endpoints.
 */
export interface Cloud {
  id: string
  /** What the technician reads. */
  displayName: string
  /** Sign-in host, e.g. login.microsoftonline.com. */
  authorityHost: string
  /** Graph root without a version, e.g. https://graph.microsoft.com. */
  graphRoot: string
  /** The resource scopes are requested for (`${resource}/.default`). */
  graphResource: string
  /** Whether Autopilot pre-provisioning works there; a cloud without it is not offered. */
  preProvisioningAvailable: boolean
}

export const CLOUDS = {
  global: {
    id: 'global',
    displayName: 'Microsoft Entra global (commercial and GCC)',
    authorityHost: 'login.microsoftonline.com',
    graphRoot: 'https://graph.microsoft.com',
    graphResource: 'https://graph.microsoft.com',
    preProvisioningAvailable: true,
  },
} as const satisfies Record<string, Cloud>

export type CloudId = keyof typeof CLOUDS
export const cloudIds = Object.keys(CLOUDS) as CloudId[]
export const DEFAULT_CLOUD: CloudId = 'global'

export function cloudById(id: string): Cloud | null {
  return Object.hasOwn(CLOUDS, id) ? CLOUDS[id as CloudId] : null
}

/** The authority for one tenant: `https://<host>/<tenant>`, no trailing slash and no explicit :443 (MSAL matches knownAuthorities on host:port). */
export function authorityFor(cloud: Pick<Cloud, 'authorityHost'>, tenant: string): string {
  return `https://${cloud.authorityHost.replace(/:443$/, '')}/${encodeURIComponent(tenant)}`
}

/** `.default` for the cloud's Graph: Intune's permissions need admin consent, so the app asks for what was consented. */
export function defaultScopeFor(cloud: Pick<Cloud, 'graphResource'>): string {
  return `${cloud.graphResource.replace(/\/+$/, '')}/.default`
}

/** Graph beta root the sync and actions use. */
export function graphBetaFor(cloud: Pick<Cloud, 'graphRoot'>): string {
  return `${cloud.graphRoot.replace(/\/+$/, '')}/beta`
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

export const isGuid = (text: string): boolean => GUID.test(text.trim())

export type TenantInputCheck = { ok: true; value: string } | { ok: false; reason: string }

/** A tenant as typed: its id (GUID) or a domain (contoso.onmicrosoft.com, contoso.com). Checked before anything is saved. */
export function checkTenantInput(text: string): TenantInputCheck {
  const value = text.trim().toLowerCase()
  if (!value) return { ok: false, reason: 'Enter the tenant: its domain (contoso.onmicrosoft.com) or its tenant ID.' }
  if (isGuid(value)) return { ok: true, value }
  if (['common', 'organizations', 'consumers'].includes(value))
    return { ok: false, reason: `"${value}" is not one tenant. Enter the customer's own domain or tenant ID (Entra admin center › Overview).` }
  if (/^https?:/.test(value) || value.includes('/'))
    return { ok: false, reason: 'Enter only the domain or tenant ID, not a web address (for example contoso.onmicrosoft.com).' }
  if (value.includes('@')) return { ok: false, reason: 'That is an account, not a tenant. Enter the part after the @ (for example contoso.onmicrosoft.com).' }
  if (DOMAIN.test(value)) return { ok: true, value }
  return { ok: false, reason: 'That is neither a domain nor a tenant ID. A tenant ID looks like 00000000-0000-0000-0000-000000000000.' }
}

/** The client (application) id is always a GUID: Entra admin center › App registrations › Overview. */
export function checkClientIdInput(text: string): TenantInputCheck {
  const value = text.trim().toLowerCase()
  if (!value) return { ok: false, reason: "Enter the application (client) ID of the customer's app registration." }
  if (!isGuid(value))
    return { ok: false, reason: 'The application (client) ID is a GUID like 00000000-0000-0000-0000-000000000000 (App registrations › Overview).' }
  if (value === RETIRED_INTUNE_POWERSHELL_CLIENT_ID)
    return {
      ok: false,
      reason:
        'That is the retired Microsoft Intune PowerShell app, which no longer signs in (retired in 2024). The customer needs its own app registration — see Tenant setup.',
    }
  return { ok: true, value }
}

/** The shared "Microsoft Intune PowerShell" app older tools borrowed; retired 2024 (docs/reference/identity.md §registration). */
export const RETIRED_INTUNE_POWERSHELL_CLIENT_ID = 'd1ddf0e4-d672-4dae-b554-9d5bdfd93547'
