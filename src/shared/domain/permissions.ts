/**
 * Which delegated Microsoft Graph permission each feature needs, and which features a signed-in
 * tenant can use. Least privilege from the Graph docs (docs/reference/identity.md §permissions);
 * `alsoAccepted` are the higher-privileged permissions the same docs list for that call.
 *
 * Granted scopes come from the token result (MSAL's `scopes`), never from decoding the access token.
 * The Intune role is a second, separate gate: a permission says what the app may do on the user's
 * behalf, the user's Intune role what the user may do (§roles). Only Graph's 403 tells us the role is
 * missing, so a feature is disabled for a role only after Graph refused it once.
 */

export interface FeatureNeed {
  /** What the technician reads in Settings and beside a disabled control. */
  label: string
  /** Least-privileged delegated permission, the one the admin is asked to grant. */
  permission: string
  /** Higher-privileged permissions that also allow it. */
  alsoAccepted: readonly string[]
  /** Whether it changes Intune (a read-only tenant keeps every feature where this is false). */
  writes: boolean
  /** The Intune role the signed-in user needs besides the permission, when the docs name one. */
  intuneRole: string | null
}

const ENROLLMENT_ROLE = 'Policy and Profile Manager, or a custom Intune role with the Enrollment programs permissions'

export const FEATURE_NEEDS = {
  'autopilot-read': {
    label: 'Read Autopilot devices, profiles and settings (sync, lookup, scanning)',
    permission: 'DeviceManagementServiceConfig.Read.All',
    alsoAccepted: ['DeviceManagementServiceConfig.ReadWrite.All'],
    writes: false,
    intuneRole: 'an Intune role that can read Enrollment programs (for example Read Only Operator)',
  },
  'autopilot-write': {
    label: 'Change Autopilot devices: group tag, device name, user assignment, delete, Autopilot sync',
    permission: 'DeviceManagementServiceConfig.ReadWrite.All',
    alsoAccepted: [],
    writes: true,
    intuneRole: ENROLLMENT_ROLE,
  },
  'autopilot-import': {
    label: 'Import devices by hardware hash',
    permission: 'DeviceManagementServiceConfig.ReadWrite.All',
    alsoAccepted: [],
    writes: true,
    intuneRole: ENROLLMENT_ROLE,
  },
  // The Graph docs list only the Read permission for allowNextEnrollment (docs/reference/identity.md §permissions, noted as odd there).
  'unblock-device': {
    label: 'Unblock a device for its next enrollment',
    permission: 'DeviceManagementServiceConfig.Read.All',
    alsoAccepted: ['DeviceManagementServiceConfig.ReadWrite.All'],
    writes: true,
    intuneRole: ENROLLMENT_ROLE,
  },
  'managed-devices-read': {
    label: 'Read Intune managed devices',
    permission: 'DeviceManagementManagedDevices.Read.All',
    alsoAccepted: ['DeviceManagementManagedDevices.ReadWrite.All'],
    writes: false,
    intuneRole: null,
  },
  'managed-devices-delete': {
    label: 'Delete the Intune device record',
    permission: 'DeviceManagementManagedDevices.ReadWrite.All',
    alsoAccepted: [],
    writes: true,
    intuneRole: 'an Intune role with Managed devices › Delete',
  },
  'users-search': {
    label: 'Find users to assign',
    permission: 'User.ReadBasic.All',
    alsoAccepted: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    writes: false,
    intuneRole: null,
  },
  'entra-devices-read': {
    label: 'Read Entra device objects',
    permission: 'Device.Read.All',
    alsoAccepted: ['Directory.Read.All', 'Directory.ReadWrite.All'],
    writes: false,
    intuneRole: null,
  },
  'groups-read': {
    label: 'Read groups and their membership rules',
    permission: 'Group.Read.All',
    alsoAccepted: ['Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    writes: false,
    intuneRole: null,
  },
  'organization-read': {
    label: 'Read the organization name and verified domains',
    permission: 'User.Read',
    alsoAccepted: [],
    writes: false,
    intuneRole: null,
  },
  'app-names-read': {
    label: 'Show app names on the Enrollment Status Page',
    permission: 'DeviceManagementApps.Read.All',
    alsoAccepted: ['DeviceManagementApps.ReadWrite.All'],
    writes: false,
    intuneRole: null,
  },
} as const satisfies Record<string, FeatureNeed>

export type Feature = keyof typeof FEATURE_NEEDS
export const FEATURES = Object.keys(FEATURE_NEEDS) as Feature[]

/** The distinct permissions an admin grants so every feature works (least privilege), in a stable order. */
export const REQUIRED_PERMISSIONS: readonly string[] = [...new Set(FEATURES.map((feature) => FEATURE_NEEDS[feature].permission))]

/** Scopes every sign-in carries that are not Graph permissions. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])

/**
 * Graph permissions in a token result's scopes: the resource prefix (`https://graph.microsoft.com/`)
 * cut off, OpenID scopes dropped, case kept as Graph spells it. Graph's own scope names are
 * case-insensitive, so the comparison below is too.
 */
export function grantedPermissions(scopes: readonly string[], graphResource: string): string[] {
  const prefix = `${graphResource.replace(/\/+$/, '')}/`.toLowerCase()
  const out = new Map<string, string>()
  for (const raw of scopes.flatMap((scope) => scope.split(/\s+/))) {
    if (!raw) continue
    const name = raw.toLowerCase().startsWith(prefix) ? raw.slice(prefix.length) : raw
    if (!name || OIDC_SCOPES.has(name.toLowerCase()) || name.includes('/') || name === '.default') continue
    if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), name)
  }
  return [...out.values()]
}

export interface FeatureAccess {
  feature: Feature
  label: string
  /** The least-privileged permission the admin grants for it. */
  permission: string
  writes: boolean
  /** Granted by the scopes, and not refused by Graph for the user's role. */
  available: boolean
  /** Why not, in words, naming the permission or the role and who fixes it; null when available. */
  reason: string | null
}

export interface AccessInput {
  /** Graph permissions granted (grantedPermissions()). */
  granted: readonly string[]
  /** Features Graph refused with "User is not authorized" (the user's Intune role), remembered per tenant. */
  roleRefused?: readonly Feature[]
}

/** What each feature needs versus what the tenant granted, one row per feature. */
export function featureAccess(input: AccessInput): FeatureAccess[] {
  const granted = new Set(input.granted.map((name) => name.toLowerCase()))
  const refused = new Set(input.roleRefused ?? [])
  return FEATURES.map((feature) => {
    const need: FeatureNeed = FEATURE_NEEDS[feature]
    const permitted = [need.permission, ...need.alsoAccepted].some((name) => granted.has(name.toLowerCase()))
    let reason: string | null = null
    if (!permitted) reason = missingPermissionReason([need.permission])
    else if (refused.has(feature)) reason = missingRoleReason(feature)
    return { feature, label: need.label, permission: need.permission, writes: need.writes, available: reason === null, reason }
  })
}

/** The sentence for a permission the admin has not consented. */
export function missingPermissionReason(permissions: readonly string[]): string {
  const list = permissions.join(' or ')
  return `The app registration lacks the Microsoft Graph permission ${list} (delegated), or an admin has not granted consent for it. A Global Administrator or Privileged Role Administrator adds it under App registrations › API permissions and selects "Grant admin consent", then you sign in again.`
}

/** The sentence for a user whose Intune role does not allow the operation. */
export function missingRoleReason(feature: Feature): string {
  const role = FEATURE_NEEDS[feature].intuneRole
  const needs = role ? `needs ${role}` : 'needs an Intune role that allows this'
  return `Your account is signed in, but Intune refused this for your Intune role: a technician ${needs}. An Intune administrator assigns it under Tenant administration › Roles. (Intune Administrator is an Entra role, not an Intune role.)`
}

export const isFeatureAvailable = (access: readonly FeatureAccess[], feature: Feature): boolean =>
  access.find((row) => row.feature === feature)?.available ?? false
