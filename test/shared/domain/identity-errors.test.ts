import { describe, expect, it } from 'vitest'
import { explainGraphAuthError, explainSignInError, scopesFromForbidden, wrongTenantExplanation } from '@shared/domain/identity-errors'

describe('sign-in errors in words', () => {
  it.each([
    ['AADSTS700016: Application with identifier x was not found in the directory', 'app-not-found', 'client) ID'],
    ['AADSTS65001: The user or administrator has not consented', 'consent-missing', 'Grant admin consent'],
    ['AADSTS50020: User account from identity provider does not exist in tenant', 'user-not-in-tenant', 'account of the customer'],
    ['AADSTS50126: Error validating credentials due to invalid username or password', 'bad-credentials', 'password'],
    ['AADSTS50058: A silent sign-in request was sent but no user is signed in', 'interaction-required', 'browser'],
    ['AADSTS53003: Access has been blocked by Conditional Access policies', 'conditional-access', 'Conditional Access'],
    ["AADSTS90002: Tenant 'contoso.example' not found", 'tenant-not-found', 'spelling'],
    ['AADSTS50011: The redirect URI specified in the request does not match', 'redirect-mismatch', 'http://localhost'],
    ['AADSTS7000218: The request body must contain client_assertion or client_secret', 'public-client-disabled', 'Allow public client flows'],
  ])('%s', (message, problem, words) => {
    const explained = explainSignInError({ code: 'invalid_request', message })
    expect(explained.problem).toBe(problem)
    expect(`${explained.title} ${explained.fix}`).toContain(words)
    expect(explained.code).toMatch(/^AADSTS\d+$/)
  })

  it.each([
    ['interaction_required', 'interaction-required', true],
    ['expired_token', 'device-code-expired', false],
    ['device_code_expired', 'device-code-expired', false],
    ['access_denied', 'consent-denied', false],
    ['user_cancelled', 'cancelled', false],
    ['clock_skew', 'clock-skew', false],
    ['endpoints_resolution_error', 'login-unreachable', false],
  ])('OAuth code %s', (code, problem, interactive) => {
    const explained = explainSignInError({ code })
    expect(explained.problem).toBe(problem)
    expect(explained.needsInteractiveSignIn).toBe(interactive)
  })

  it('backing out of the sign-in page, or cancelling the code, is a cancel with nothing saved', () => {
    expect(explainSignInError({ code: 'access_denied', subError: 'cancel' }).problem).toBe('cancelled')
    expect(explainSignInError({ code: 'device_code_polling_cancelled' }).fix).toContain('Nothing was saved')
  })

  it('a blocked device code sign-in says Microsoft recommends blocking it and offers the browser', () => {
    const explained = explainSignInError({ message: 'AADSTS53003: blocked', flow: 'device-code' })
    expect(explained.problem).toBe('device-code-blocked')
    expect(explained.fix).toContain('Microsoft recommends')
    expect(explained.fix).toContain('browser')
  })

  it('an unknown error keeps its code and still says what to do', () => {
    const explained = explainSignInError({ message: 'AADSTS9999999: something new' })
    expect(explained.problem).toBe('unknown')
    expect(explained.code).toBe('AADSTS9999999')
    expect(explained.fix).toContain('Try again')
  })
})

describe('Graph 401 and 403', () => {
  it('401 asks to sign in again', () => {
    expect(explainGraphAuthError({ status: 401, message: 'InvalidAuthenticationToken' })?.problem).toBe('sign-in-again')
  })

  it('reads the scopes out of the missing-scope 403 and names the least-privileged one', () => {
    const message = 'Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All'
    expect(scopesFromForbidden(message)).toEqual(['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'])
    const explained = explainGraphAuthError({ status: 403, message })!
    expect(explained.problem).toBe('missing-permission')
    expect(explained.permissions).toEqual(['DeviceManagementServiceConfig.Read.All'])
    expect(explained.fix).toContain('Grant admin consent')
  })

  it('a refused write names the write permission, though Graph lists Read.All beside it', () => {
    const message = 'Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All'
    expect(explainGraphAuthError({ status: 403, message, feature: 'autopilot-write' })?.permissions).toEqual(['DeviceManagementServiceConfig.ReadWrite.All'])
    expect(explainGraphAuthError({ status: 403, message, feature: 'autopilot-read' })?.permissions).toEqual(['DeviceManagementServiceConfig.Read.All'])
  })

  it('the role 403 names the role a technician needs, and that Intune Administrator is an Entra role', () => {
    const explained = explainGraphAuthError({ status: 403, message: 'User is not authorized to perform this operation.', feature: 'autopilot-write' })!
    expect(explained.problem).toBe('missing-role')
    expect(explained.fix).toContain('Policy and Profile Manager')
    expect(explained.fix).toContain('Enrollment programs')
    expect(explained.fix).toContain('Entra role')
  })

  it("the Intune envelope's 'Application is not authorized … scopes:' is a permission, not a role", () => {
    const message =
      'Intune answered 403 Forbidden: Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000'
    const explained = explainGraphAuthError({ status: 403, message })!
    expect(explained.problem).toBe('missing-permission')
    expect(explained.permissions).toEqual(['DeviceManagementServiceConfig.ReadWrite.All'])
  })

  it('a directory 403 (Authorization_RequestDenied) names the feature permission', () => {
    const explained = explainGraphAuthError({
      status: 403,
      message: 'Authorization_RequestDenied: Insufficient privileges to complete the operation.',
      feature: 'users-search',
    })!
    expect(explained.problem).toBe('missing-permission')
    expect(explained.permissions).toEqual(['User.ReadBasic.All'])
  })

  it('other statuses are not identity errors', () => {
    expect(explainGraphAuthError({ status: 404, message: 'x' })).toBeNull()
    expect(scopesFromForbidden('User is not authorized to perform this operation')).toBeNull()
  })

  it('a device from another tenant is named as such', () => {
    expect(wrongTenantExplanation('Fabrikam').title).toContain('Fabrikam')
  })
})
