import { describe, expect, it } from 'vitest'
import {
  authorityFor,
  checkClientIdInput,
  checkTenantInput,
  CLOUDS,
  cloudById,
  cloudIds,
  defaultScopeFor,
  graphBetaFor,
  RETIRED_INTUNE_POWERSHELL_CLIENT_ID,
} from '@shared/domain/clouds'

describe('clouds as data', () => {
  it('builds only the global cloud, and it is the one with pre-provisioning', () => {
    expect(cloudIds).toEqual(['global'])
    expect(Object.values(CLOUDS).every((cloud) => cloud.preProvisioningAvailable)).toBe(true)
  })

  it('derives authority, Graph and the .default scope from the cloud', () => {
    const cloud = CLOUDS.global
    expect(authorityFor(cloud, 'contoso.onmicrosoft.com')).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com')
    expect(defaultScopeFor(cloud)).toBe('https://graph.microsoft.com/.default')
    expect(graphBetaFor(cloud)).toBe('https://graph.microsoft.com/beta')
  })

  it('a cloud is only data: a test cloud works through the same functions', () => {
    const local = { authorityHost: '127.0.0.1:8443', graphRoot: 'https://127.0.0.1:8443/graph/', graphResource: 'https://graph.microsoft.com' }
    expect(authorityFor(local, 'a-b')).toBe('https://127.0.0.1:8443/a-b')
    expect(graphBetaFor(local)).toBe('https://127.0.0.1:8443/graph/beta')
    // An explicit :443 would break MSAL's knownAuthorities match.
    expect(authorityFor({ authorityHost: 'login.example:443' }, 't')).toBe('https://login.example/t')
  })

  it('unknown cloud ids are null', () => {
    expect(cloudById('global')?.graphRoot).toBe('https://graph.microsoft.com')
    expect(cloudById('usgovhigh')).toBeNull()
    expect(cloudById('toString')).toBeNull()
  })
})

describe('tenant and client id input', () => {
  it('accepts a domain or a GUID, normalised', () => {
    expect(checkTenantInput(' Contoso.OnMicrosoft.com ')).toEqual({ ok: true, value: 'contoso.onmicrosoft.com' })
    expect(checkTenantInput('72F988BF-86F1-41AF-91AB-2D7CD011DB47')).toEqual({ ok: true, value: '72f988bf-86f1-41af-91ab-2d7cd011db47' })
  })

  it.each([
    ['', 'Enter the tenant'],
    ['common', 'not one tenant'],
    ['https://login.microsoftonline.com/contoso.com', 'not a web address'],
    ['tech@contoso.com', 'part after the @'],
    ['contoso', 'neither a domain nor a tenant ID'],
  ])('refuses %j saying what to enter', (input, words) => {
    const check = checkTenantInput(input)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.reason).toContain(words)
  })

  it('client id must be a GUID and not the retired Intune PowerShell app', () => {
    expect(checkClientIdInput('contoso').ok).toBe(false)
    const retired = checkClientIdInput(RETIRED_INTUNE_POWERSHELL_CLIENT_ID)
    expect(retired.ok).toBe(false)
    if (!retired.ok) expect(retired.reason).toContain('retired')
    expect(checkClientIdInput('11111111-2222-3333-4444-555555555555')).toEqual({ ok: true, value: '11111111-2222-3333-4444-555555555555' })
  })
})
