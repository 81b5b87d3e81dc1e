import { randomBytes, randomUUID } from 'node:crypto'

/** Options of the mock Entra ID identity provider (`--auth entra`, docs/mock-intune.md#sign-in-with-entra---auth-entra). */
export interface EntraOptions {
  /** Access token lifetime in seconds. Default 3600 (Entra's default is 60–90 minutes). */
  tokenLifetime?: number
  /** The test accounts' password. Default: a random one for this start (told on stdout by the CLI). */
  password?: string
  /** The public-client app registration's id. Default: a random GUID for this start. */
  clientId?: string
  /** The registered redirect URI. Default `http://localhost` (any port, as Entra treats loopback redirects). */
  redirectUri?: string
  /** Consented delegated permissions per tenant (key: domain or tenant id; `[]` = none → AADSTS65001). Default: every permission the mock knows. */
  consent?: Readonly<Record<string, readonly string[]>>
  /** Tenants (domain or tenant id, or 'all') whose Conditional Access blocks device code flow (AADSTS53003). */
  blockDeviceCode?: readonly string[]
  /** Seconds before a device code expires (then `expired_token`). Default 900, as Entra. */
  deviceCodeLifetime?: number
  /** The identity provider's clock runs this many seconds ahead (negative: behind) of the Graph's. Default 0. */
  clockSkew?: number
  /** Folder for the CA and server certificate. Default: a new temporary folder, removed on close. */
  certDir?: string
}

/**
 * Every delegated Graph permission the mock's app registration asks for (and, by default, has consent
 * for). `.default` yields the consented subset. The names are Graph's (docs/reference/entra-protocol.md §E5).
 */
export const ALL_PERMISSIONS = [
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementServiceConfig.ReadWrite.All',
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementApps.Read.All',
  'User.Read',
  'User.ReadBasic.All',
  'User.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Device.Read.All',
] as const

export interface ResolvedEntraOptions {
  tokenLifetime: number
  password: string
  clientId: string
  redirectUri: string
  consent: Readonly<Record<string, readonly string[]>>
  blockDeviceCode: readonly string[]
  deviceCodeLifetime: number
  clockSkew: number
  certDir: string | undefined
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function wholeIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${value})`)
  return value
}

/** Fills defaults and rejects nonsense with a message naming the option. Tenant names in `consent` are checked when the tenants exist. */
export function resolveEntraOptions(options: EntraOptions = {}): ResolvedEntraOptions {
  const password = options.password ?? randomBytes(12).toString('base64url')
  if (!/^[\x21-\x7e]{1,256}$/.test(password)) throw new RangeError('password must be 1–256 printable ASCII characters without spaces')
  const clientId = (options.clientId ?? randomUUID()).toLowerCase()
  if (!GUID.test(clientId)) throw new RangeError(`client-id must be a GUID (got '${clientId}')`)
  const redirectUri = options.redirectUri ?? 'http://localhost'
  try {
    new URL(redirectUri)
  } catch {
    throw new RangeError(`redirect-uri must be an absolute URI (got '${redirectUri}')`)
  }
  for (const [tenant, scopes] of Object.entries(options.consent ?? {})) {
    const unknown = scopes.filter((s) => !(ALL_PERMISSIONS as readonly string[]).includes(s))
    if (unknown.length > 0) throw new RangeError(`consent for ${tenant}: unknown permission ${unknown.join(', ')} (known: ${ALL_PERMISSIONS.join(', ')})`)
  }
  return {
    tokenLifetime: wholeIn('token-lifetime', options.tokenLifetime ?? 3600, 1, 86_400),
    password,
    clientId,
    redirectUri,
    consent: options.consent ?? {},
    blockDeviceCode: options.blockDeviceCode ?? [],
    deviceCodeLifetime: wholeIn('device-code-lifetime', options.deviceCodeLifetime ?? 900, 1, 86_400),
    clockSkew: wholeIn('clock-skew', options.clockSkew ?? 0, -86_400, 86_400),
    certDir: options.certDir,
  }
}
