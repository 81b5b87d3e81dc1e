import { randomUUID } from 'node:crypto'

/**
 * Entra's sign-in errors (docs/reference/entra-protocol.md §E4, §E6): an OAuth `error`, an AADSTS code
 * and its text. The token and device code endpoints send them as JSON; the sign-in pages show them; the
 * authorize redirect carries `error` and `error_description`.
 */
export class AadError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly status = 400,
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${description}`)
    this.name = 'AadError'
  }
}

/** Entra's JSON error body; the description carries the trace and correlation ids and a timestamp, as Entra's does. */
export function aadErrorBody(error: AadError, correlationId: string | undefined, now: Date): Record<string, unknown> {
  const traceId = randomUUID()
  const correlation = correlationId ?? randomUUID()
  const timestamp = now.toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    error: error.error,
    error_description: `${error.message} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp.replace('T', ' ')}`,
    error_codes: [error.code],
    timestamp: timestamp.replace('T', ' '),
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
    ...(error.suberror === undefined ? {} : { suberror: error.suberror }),
  }
}

export const APP_NAME = 'Autopilot Bench (mock)'

export const aad = {
  tenantNotFound: (name: string) =>
    new AadError(
      'invalid_tenant',
      90002,
      `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  appNotFound: (clientId: string, tenantId: string) =>
    new AadError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  redirectMismatch: (uri: string, clientId: string) =>
    new AadError(
      'invalid_request',
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  consentMissing: (clientId: string) =>
    new AadError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${APP_NAME}'. Send an interactive authorization request for this user and resource.`,
      400,
      'consent_required',
    ),
  declined: () => new AadError('access_denied', 65004, 'User declined to consent to access the app.'),
  userNotInTenant: (upn: string, homeTenant: string, tenantId: string) =>
    new AadError(
      'invalid_grant',
      50020,
      `User account '${upn}' from identity provider 'https://sts.windows.net/${homeTenant}/' does not exist in tenant '${tenantId}' and cannot access the application in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  noSession: () => new AadError('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'),
  badCredentials: () => new AadError('invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  blockedByConditionalAccess: () =>
    new AadError('invalid_grant', 53003, 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'),
  pending: () => new AadError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  deviceCodeExpired: () =>
    new AadError('expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
  deviceDeclined: () => new AadError('authorization_declined', 70000, 'The user declined the sign-in request on the device login page.'),
  badDeviceCode: () => new AadError('invalid_grant', 70000, "The provided value for the input parameter 'device_code' is not valid."),
  codeExpired: () =>
    new AadError(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  codeRedeemed: () =>
    new AadError(
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  pkceMismatch: () => new AadError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  missing: (name: string) => new AadError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  badGrant: (grant: string) => new AadError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  badScope: (scope: string) =>
    new AadError('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`),
  badResponseType: () => new AadError('unsupported_response_type', 700054, "The response_type 'code' is the only one the mock supports."),
  pkceRequired: () => new AadError('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.'),
  redirectChanged: () => new AadError('invalid_grant', 50148, 'The redirect_uri does not match the one used in the authorization request.'),
  otherTenantToken: () => new AadError('invalid_grant', 9002313, 'Invalid request. The refresh token was issued in another tenant or to another client.'),
}
