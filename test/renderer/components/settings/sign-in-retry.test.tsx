import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStores, StoresProvider } from '@renderer/stores/stores-context'
import { SignInPanel } from '@renderer/components/settings/sign-in-panel'
import { explainSignInError } from '@shared/domain/identity-errors'
import { createFakeApi } from '@support/renderer/fake-api'

afterEach(() => vi.restoreAllMocks())

describe('sign-in: a retry after a failed try', () => {
  it('clears the old "Sign-in did not work" at once, says "Starting sign-in…" until the core answers, and brings the panel into view', async () => {
    let answer: (value: unknown) => void = () => undefined
    const api = createFakeApi({ 'identity:start-sign-in': () => new Promise((resolve) => (answer = resolve)) as never })
    const stores = createStores(api)
    const scrolled = vi.fn()
    Object.defineProperty(HTMLElement.prototype, 'scrollIntoView', { value: scrolled, configurable: true, writable: true })
    render(
      <StoresProvider api={api} stores={stores}>
        <SignInPanel />
      </StoresProvider>,
    )
    const explanation = explainSignInError({ code: 'invalid_client', message: 'AADSTS700016: Application not found' })
    act(() => stores.identity.setState({ attempt: { attemptId: 'a1', progress: { attemptId: 'a1', state: 'failed', explanation, detail: 'first try' } } }))
    expect(screen.getByTestId('sign-in-failed')).toBeTruthy()
    scrolled.mockClear()

    let started: Promise<boolean> = Promise.resolve(false)
    act(() => {
      started = stores.identity
        .getState()
        .startSignIn({ add: { tenant: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000001', cloud: 'global' } }, 'browser')
    })
    // The core has not answered yet (a walk: ~12 s of nothing): the old failure is gone and the new try is said.
    expect(screen.queryByTestId('sign-in-failed')).toBeNull()
    expect(screen.getByTestId('sign-in-starting').textContent).toBe('Starting sign-in…')
    expect(scrolled).toHaveBeenCalled()

    await act(async () => {
      answer({ ok: true, value: { attemptId: 'a2' } })
      await started
    })
    expect(screen.getByTestId('sign-in-starting')).toBeTruthy()
    act(() => api.emit('identity:sign-in', { attemptId: 'a2', state: 'signed-in', displayName: 'Contoso' } as never))
    expect(screen.queryByTestId('sign-in-starting')).toBeNull()
    expect(screen.getByTestId('sign-in-done').textContent).toContain('Contoso')
  })
})
