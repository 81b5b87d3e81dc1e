import { FEATURE_NEEDS, FEATURES, missingPermissionReason, missingRoleReason, type Feature } from './permissions'
import { LEARN_PAGES, type LearnPage, type LearnPageId } from './learn-pages'
import { endSentence } from './sentence'

/**
 * Sign-in and Graph authorization errors explained in words, each with the next step.
 * Codes and their meanings: docs/reference/identity.md §errors (Microsoft Entra error code reference,
 * Graph error responses). Pure and platform-neutral: the core classifies, the renderer shows.
 */

export type IdentityProblem =
  | 'sign-in-again'
  | 'missing-permission'
  | 'missing-role'
  | 'app-not-found'
  | 'consent-missing'
  | 'consent-denied'
  | 'user-not-in-tenant'
  | 'bad-credentials'
  | 'interaction-required'
  | 'mfa-required'
  | 'conditional-access'
  | 'device-code-blocked'
  | 'tenant-not-found'
  | 'redirect-mismatch'
  | 'public-client-disabled'
  | 'device-code-expired'
  | 'cancelled'
  | 'clock-skew'
  | 'login-unreachable'
  | 'wrong-tenant'
  | 'unknown'

export interface IdentityExplanation {
  problem: IdentityProblem
  /** One line: what happened. */
  title: string
  /** What to do next, and who does it. */
  fix: string
  /** The AADSTS code or OAuth error it was read from, for support; never a token. */
  code: string | null
  /** Permissions named by Graph (missing-permission). */
  permissions: string[]
  /** Whether signing in interactively (browser) is the way on. */
  needsInteractiveSignIn: boolean
}

const explain = (
  problem: IdentityProblem,
  title: string,
  fix: string,
  extra: Partial<Pick<IdentityExplanation, 'permissions' | 'needsInteractiveSignIn' | 'code'>> = {},
): IdentityExplanation => ({
  problem,
  title,
  fix,
  code: extra.code ?? null,
  permissions: extra.permissions ?? [],
  needsInteractiveSignIn: extra.needsInteractiveSignIn ?? false,
})

const ADMIN_CONSENT = 'An administrator opens Entra admin center › App registrations › (the app) › API permissions and selects "Grant admin consent".'

/** AADSTS code → explanation. Only codes whose meaning Microsoft documents (docs/reference/identity.md §errors). */
const AADSTS: Record<string, (code: string) => IdentityExplanation> = {
  '700016': (code) =>
    explain(
      'app-not-found',
      'This app registration was not found in this tenant.',
      "Check the application (client) ID: it must be the customer's own registration, made in this tenant (App registrations › Overview). A client ID from another customer's tenant does not work here.",
      { code },
    ),
  '65001': (code) =>
    explain('consent-missing', 'Nobody has granted consent for this app in this tenant yet.', ADMIN_CONSENT + ' Then sign in again.', { code }),
  '65004': (code) =>
    explain(
      'consent-denied',
      'Consent was declined on the sign-in page.',
      'Sign in again and accept, or ask an administrator to grant admin consent. ' + ADMIN_CONSENT,
      { code },
    ),
  '50020': (code) =>
    explain(
      'user-not-in-tenant',
      'This account does not belong to this tenant.',
      "Sign in with an account of the customer's tenant (or one invited to it as a guest), and pick it in the account chooser.",
      { code, needsInteractiveSignIn: true },
    ),
  '50126': (code) =>
    explain('bad-credentials', 'The user name or password is wrong.', 'Sign in again and check the account and password.', {
      code,
      needsInteractiveSignIn: true,
    }),
  '50058': (code) =>
    explain('interaction-required', 'Your sign-in needs you again (the remembered session is gone).', 'Sign in again in the browser.', {
      code,
      needsInteractiveSignIn: true,
    }),
  '50076': (code) =>
    explain('mfa-required', 'This tenant requires multifactor authentication for this sign-in.', 'Sign in again in the browser and complete the second step.', {
      code,
      needsInteractiveSignIn: true,
    }),
  '50079': (code) =>
    explain(
      'mfa-required',
      'This tenant requires you to register for multifactor authentication.',
      'Sign in in the browser and follow the registration steps.',
      {
        code,
        needsInteractiveSignIn: true,
      },
    ),
  '53000': (code) =>
    explain(
      'conditional-access',
      'Conditional Access requires a compliant or managed device for this sign-in.',
      'Sign in on a device the tenant manages, or ask the administrator which Conditional Access policy applies (Entra admin center › Sign-in logs).',
      { code, needsInteractiveSignIn: true },
    ),
  '53003': (code) =>
    explain(
      'conditional-access',
      'A Conditional Access policy blocked this sign-in.',
      'Ask the administrator which policy applies (Entra admin center › Sign-in logs). Microsoft recommends blocking device code sign-in with Conditional Access, so if you used a device code, sign in with the browser instead.',
      { code, needsInteractiveSignIn: true },
    ),
  '90002': (code) =>
    explain(
      'tenant-not-found',
      'No tenant with this domain or ID exists in this cloud.',
      'Check the spelling of the domain or tenant ID (Entra admin center › Overview).',
      { code },
    ),
  '900023': (code) =>
    explain(
      'tenant-not-found',
      'That is not a valid tenant domain or tenant ID.',
      'Enter the domain (contoso.onmicrosoft.com) or the tenant ID exactly as shown in Entra admin center › Overview.',
      {
        code,
      },
    ),
  '50011': (code) =>
    explain(
      'redirect-mismatch',
      'The app registration does not allow the redirect the app uses.',
      'In App registrations › Authentication, add the platform "Mobile and desktop applications" with the redirect URI http://localhost (see Tenant setup).',
      { code },
    ),
  '7000218': (code) =>
    explain(
      'public-client-disabled',
      'The app registration does not allow public client flows (needed for sign-in with a code).',
      'In App registrations › Authentication › Advanced settings, set "Allow public client flows" to Yes — or sign in with the browser instead.',
      { code },
    ),
  '70020': (code) =>
    explain(
      'device-code-expired',
      'The sign-in code expired before it was used.',
      'Start the sign-in with a code again and enter the new code within its time.',
      { code },
    ),
  '700082': (code) => explain('sign-in-again', 'Your sign-in has expired after a long time unused.', 'Sign in again.', { code, needsInteractiveSignIn: true }),
  '50173': (code) =>
    explain('sign-in-again', 'Your sign-in was revoked (for example after a password change).', 'Sign in again.', { code, needsInteractiveSignIn: true }),
}

/** OAuth / MSAL error codes (without an AADSTS number) → explanation. */
const OAUTH: Record<string, () => IdentityExplanation> = {
  interaction_required: () => AADSTS['50058']!('interaction_required'),
  consent_required: () => AADSTS['65001']!('consent_required'),
  login_required: () => explain('sign-in-again', 'You are not signed in to this tenant.', 'Sign in.', { code: 'login_required', needsInteractiveSignIn: true }),
  expired_token: () => AADSTS['70020']!('expired_token'),
  // MSAL's own check: it stops polling once the code's expires_in has passed, often before Entra's
  // expired_token answer arrives (a race between its clock and the next poll). Same advice.
  device_code_expired: () => AADSTS['70020']!('device_code_expired'),
  access_denied: () =>
    explain(
      'consent-denied',
      'Sign-in was declined or cancelled on the sign-in page.',
      'Sign in again and accept; if consent is needed, ask an administrator. ' + ADMIN_CONSENT,
      {
        code: 'access_denied',
      },
    ),
  user_cancelled: () => cancelledSignIn('user_cancelled'),
  user_canceled: () => cancelledSignIn('user_canceled'),
  device_code_polling_cancelled: () => cancelledSignIn('device_code_polling_cancelled'),
  authorization_declined: () => AADSTS['65004']!('authorization_declined'),
  invalid_grant: () => explain('sign-in-again', 'Your sign-in is no longer valid.', 'Sign in again.', { code: 'invalid_grant', needsInteractiveSignIn: true }),
  endpoints_resolution_error: () => loginUnreachable('endpoints_resolution_error'),
  network_error: () => loginUnreachable('network_error'),
  clock_skew: () =>
    explain(
      'clock-skew',
      "This computer's clock is too far from the real time, so sign-in tokens look expired or not yet valid.",
      "Set the computer's date, time and time zone (turn on automatic time), then sign in again.",
      { code: 'clock_skew' },
    ),
}

function cancelledSignIn(code: string): IdentityExplanation {
  return explain('cancelled', 'Sign-in was cancelled.', 'Nothing was saved. Sign in again when ready.', { code })
}

function loginUnreachable(code: string): IdentityExplanation {
  return explain(
    'login-unreachable',
    'The Microsoft sign-in service could not be reached.',
    'Check the network. Bench networks and proxies must allow login.microsoftonline.com and graph.microsoft.com (HTTPS). Cached data stays readable offline.',
    { code },
  )
}

/** Reads an AADSTS number or an OAuth/MSAL error code out of an error's code and message. */
export function explainSignInError(input: {
  code?: string | null
  message?: string | null
  /** Entra's error_subcode: `cancel` when the user backed out of the sign-in page. */
  subError?: string | null
  flow?: 'interactive' | 'device-code' | 'silent'
}): IdentityExplanation {
  if (input.subError === 'cancel') return cancelledSignIn('access_denied')
  const text = `${input.code ?? ''} ${input.message ?? ''}`
  const aadsts = /AADSTS(\d{5,7})/.exec(text)?.[1]
  let explained: IdentityExplanation | null = null
  if (aadsts && AADSTS[aadsts]) explained = AADSTS[aadsts](`AADSTS${aadsts}`)
  else {
    const oauth = (input.code ?? '').trim().toLowerCase()
    if (oauth && OAUTH[oauth]) explained = OAUTH[oauth]()
    else {
      const inMessage = Object.keys(OAUTH).find((key) => new RegExp(`\\b${key}\\b`).test(text))
      if (inMessage) explained = OAUTH[inMessage]!()
    }
  }
  if (!explained)
    return explain(
      'unknown',
      'Sign-in failed.',
      'Try again. If it repeats, the detail below (with its AADSTS code, if any) tells your administrator what Microsoft Entra refused.',
      { code: aadsts ? `AADSTS${aadsts}` : input.code?.trim() || null },
    )
  // Device code sign-in blocked by Conditional Access: Microsoft recommends this policy, say so.
  if (input.flow === 'device-code' && explained.problem === 'conditional-access')
    return {
      ...explained,
      problem: 'device-code-blocked',
      title: 'This tenant blocks sign-in with a code (Conditional Access).',
      fix: 'Microsoft recommends that tenants block device code sign-in with Conditional Access. Sign in with the browser instead.',
    }
  return explained
}

/** Graph's 403 message for a missing permission: "Application must have one of the following scopes: A, B". */
const SCOPES_MESSAGE = /must have one of the following scopes:\s*([^\n]*)/i
const ROLE_MESSAGE = /user is not authorized to perform this operation/i
/** Directory endpoints' 403 for a missing permission (Authorization_RequestDenied). */
const DIRECTORY_DENIED = /Authorization_RequestDenied|Insufficient privileges to complete the operation/i

/** The permissions named in Graph's missing-scope 403, or null when the message is another shape. */
export function scopesFromForbidden(message: string): string[] | null {
  const match = SCOPES_MESSAGE.exec(message)
  if (!match) return null
  return (match[1] ?? '')
    .split(/[\s,;]+/)
    .map((name) => name.replace(/[.'"]+$/, '').trim())
    .filter((name) => /^[A-Za-z]+(\.[A-Za-z]+)+$/.test(name))
}

/**
 * A Graph 401 or 403 in words. `feature` is what the app was doing, so a role refusal can name the
 * role (Graph does not): docs/reference/identity.md §errors.
 */
export function explainGraphAuthError(input: { status: number; message: string; feature?: Feature | null }): IdentityExplanation | null {
  if (input.status === 401)
    return explain(
      'sign-in-again',
      'Intune no longer accepts your sign-in (it expired or was revoked).',
      'Sign in again for this tenant. Cached data stays readable meanwhile.',
      { needsInteractiveSignIn: true },
    )
  if (input.status !== 403) return null
  const scopes = scopesFromForbidden(input.message)
  if (scopes) {
    const least = leastOf(scopes, input.feature ?? null)
    return explain('missing-permission', 'The app is missing a Microsoft Graph permission for this.', missingPermissionReason(least), { permissions: least })
  }
  if (DIRECTORY_DENIED.test(input.message)) {
    const permissions = input.feature ? [FEATURE_NEEDS[input.feature].permission] : []
    return explain(
      'missing-permission',
      'The app is missing a Microsoft Graph directory permission for this.',
      permissions.length > 0
        ? missingPermissionReason(permissions)
        : "Ask an administrator to check the app registration's API permissions and grant admin consent.",
      { permissions },
    )
  }
  if (ROLE_MESSAGE.test(input.message) && input.feature)
    return explain('missing-role', 'Your Intune role does not allow this.', missingRoleReason(input.feature))
  if (ROLE_MESSAGE.test(input.message))
    return explain(
      'missing-role',
      'Your Intune role does not allow this.',
      'Ask an Intune administrator for a role that allows it (Tenant administration › Roles): for Autopilot changes, Policy and Profile Manager or a custom role with the Enrollment programs permissions.',
    )
  return explain(
    'missing-permission',
    'Intune refused this request (403).',
    "Ask your administrator to check the app registration's API permissions and your Intune role.",
  )
}

/** Of the permissions Graph lists (any one suffices), the one the app asks admins for; all of them when none is in the map. */
function leastOf(scopes: readonly string[], feature: Feature | null): string[] {
  const lower = new Set(scopes.map((scope) => scope.toLowerCase()))
  // What refused was a write, say: Graph may list Read.All beside ReadWrite.All, but only the feature's own permission lets it through.
  const needed = feature ? FEATURE_NEEDS[feature].permission : null
  if (needed && lower.has(needed.toLowerCase())) return [needed]
  const ours = FEATURES.map((feature) => FEATURE_NEEDS[feature].permission).filter((permission) => lower.has(permission.toLowerCase()))
  return ours.length > 0 ? [...new Set(ours)].slice(0, 1) : [...scopes]
}

/** A device scanned whose tenant differs from the active one: say so instead of "not found". */
export function wrongTenantExplanation(activeTenantName: string): IdentityExplanation {
  return explain(
    'wrong-tenant',
    endSentence(`This device is not in ${activeTenantName}`),
    'It may belong to another customer tenant. Switch tenants (top bar) and scan again, or check the job this device belongs to.',
  )
}

/**
 * The Microsoft Learn pages behind each explanation, for the technician or the admin who fixes it
 * (docs/reference/identity.md §registration, §permissions, §errors). Problems with nothing to read —
 * a cancel, no network, an unknown error, the Intune role (its page is not in that file) — have none.
 */
export const IDENTITY_LEARN_PAGES: Record<IdentityProblem, readonly LearnPageId[]> = {
  'sign-in-again': ['graph-errors'],
  'missing-permission': ['graph-permissions', 'entra-admin-consent'],
  'missing-role': [],
  'app-not-found': ['entra-register-app', 'entra-error-codes'],
  'consent-missing': ['entra-admin-consent'],
  'consent-denied': ['entra-admin-consent'],
  'user-not-in-tenant': ['entra-error-codes'],
  'bad-credentials': ['entra-error-codes'],
  'interaction-required': ['entra-error-codes'],
  'mfa-required': ['entra-error-codes'],
  'conditional-access': ['entra-error-codes'],
  'device-code-blocked': ['entra-block-auth-flows'],
  'tenant-not-found': ['entra-error-codes'],
  'redirect-mismatch': ['entra-desktop-app-registration'],
  'public-client-disabled': ['entra-desktop-app-registration'],
  'device-code-expired': ['entra-error-codes'],
  cancelled: [],
  'clock-skew': ['entra-error-codes'],
  'login-unreachable': [],
  'wrong-tenant': ['entra-error-codes'],
  unknown: [],
}

/** The Learn pages for an explanation's problem (a string from the wire: an unknown one has none). */
export const identityLearnPages = (problem: string): LearnPage[] =>
  Object.hasOwn(IDENTITY_LEARN_PAGES, problem) ? IDENTITY_LEARN_PAGES[problem as IdentityProblem].map((id) => LEARN_PAGES[id]) : []
