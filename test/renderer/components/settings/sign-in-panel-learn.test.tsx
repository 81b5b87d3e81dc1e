import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createStores, StoresProvider } from '@renderer/stores/stores-context'
import { SignInPanel } from '@renderer/components/settings/sign-in-panel'
import { explainSignInError } from '@shared/domain/identity-errors'
import { createFakeApi } from '@support/renderer/fake-api'

/** A failed sign-in says what to do and links the Microsoft Learn page behind it (not a repository file). */
function renderFailed(explanation: ReturnType<typeof explainSignInError>) {
  const api = createFakeApi()
  const stores = createStores(api)
  render(
    <StoresProvider api={api} stores={stores}>
      <SignInPanel />
    </StoresProvider>,
  )
  act(() => stores.identity.setState({ attempt: { attemptId: 'a1', progress: { attemptId: 'a1', state: 'failed', explanation, detail: 'from the test' } } }))
}

describe('sign-in failure explanation', () => {
  it('missing consent links the Learn page on granting admin consent', () => {
    renderFailed(explainSignInError({ code: 'invalid_grant', message: 'AADSTS65001: The user or administrator has not consented' }))
    const failed = screen.getByTestId('sign-in-failed')
    expect(failed.getAttribute('data-problem')).toBe('consent-missing')
    const link = screen.getByRole('link', { name: 'Grant tenant-wide admin consent to an application' })
    expect(link.getAttribute('href')).toBe('https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent')
    expect(link.getAttribute('target')).toBe('_blank')
    expect(failed.textContent).not.toMatch(/\.md\b|docs\/reference|§/)
  })

  it('a cancelled or unexplained failure shows no link', () => {
    renderFailed(explainSignInError({ code: 'something_new', message: 'nobody knows' }))
    expect(screen.getByTestId('sign-in-failed').getAttribute('data-problem')).toBe('unknown')
    expect(screen.queryByTestId('learn-citation')).toBeNull()
  })
})
