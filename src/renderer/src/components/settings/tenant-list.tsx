import { useEffect, useRef, useState } from 'react'
import type { TenantSummary } from '@shared/identity-schemas'
import { useIdentityStore } from '../../stores/stores-context'
import { settingsStrings as s } from '../../strings/settings'

/** One empty list, so the selector's answer is stable while nothing is loaded (a new [] would re-render forever). */
const NO_TENANTS: readonly TenantSummary[] = []

const t = s.tenants

function stateText(tenant: TenantSummary): string {
  if (tenant.signIn === 'signed-in') return t.state['signed-in'](tenant.username)
  return t.state[tenant.signIn]
}

/** Every tenant with its sign-in state; switch, sign in (browser or code), sign out, remove. */
export function TenantList() {
  const tenants = useIdentityStore((state) => state.overview?.tenants ?? NO_TENANTS)
  const signInAvailable = useIdentityStore((state) => state.overview?.signInAvailable ?? false)
  const busy = useIdentityStore((state) => state.busy)
  const refused = useIdentityStore((state) => state.actionError !== null)
  const switchTenant = useIdentityStore((state) => state.switchTenant)
  const startSignIn = useIdentityStore((state) => state.startSignIn)
  const signOut = useIdentityStore((state) => state.signOut)
  const removeTenant = useIdentityStore((state) => state.removeTenant)
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null)
  const [signedOut, setSignedOut] = useState<string | null>(null)
  // The button pressed leaves the page (Switch to this tenant, Sign out) or is disabled while it works, so
  // focus fell to <body>: it goes to the tenant's row after a switch, to its Sign in after a sign-out.
  const [focusNext, setFocusNext] = useState<{ tenantId: string; on: 'row' | 'sign-in' } | null>(null)
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => {
    if (!focusNext || busy) return
    const row = listRef.current?.querySelector<HTMLElement>(`[data-testid="tenant-${focusNext.tenantId}"]`)
    // After a sign-out, the Sign in button appears when the tenants are read again: wait for it.
    // A switch: the row once it is the active one (its Switch button is gone then); refused, the button again.
    const target =
      focusNext.on === 'sign-in'
        ? row?.querySelector<HTMLElement>('[data-focus-after-sign-out]')
        : refused
          ? (row?.querySelector<HTMLElement>('[data-switch-to]') ?? row)
          : row?.dataset.active === 'true'
            ? row
            : null
    if (!target) return
    setFocusNext(null)
    // Only when focus was lost (to <body>, or still on the disabled button): one who moved on keeps their place.
    const focused = document.activeElement
    if (!focused || focused === document.body || (row?.contains(focused) && (focused as HTMLButtonElement).disabled)) target.focus()
  }, [focusNext, busy, refused, tenants])

  return (
    <section className="settings__panel" aria-labelledby="settings-tenants-heading" data-testid="settings-tenants">
      <h2 id="settings-tenants-heading">{t.heading}</h2>
      <p className="muted">{t.intro}</p>
      <ul className="settings__tenants" ref={listRef}>
        {tenants.map((tenant) => (
          <li key={tenant.id} className="settings__tenant" data-testid={`tenant-${tenant.id}`} data-active={tenant.active} tabIndex={-1}>
            <div>
              <strong>{tenant.displayName}</strong>
              {tenant.domain && tenant.domain !== tenant.displayName ? <span className="muted"> · {tenant.domain}</span> : null}
              {tenant.active ? <span className="settings__badge">{t.active}</span> : null}
              <p className="muted" data-testid="tenant-sign-in-state">
                {stateText(tenant)}
              </p>
              {tenant.signInReason ? (
                <p className="settings__reason" role="note">
                  {tenant.signInReason}
                </p>
              ) : null}
            </div>
            <div className="settings__tenant-actions">
              {!tenant.active ? (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  data-switch-to
                  onClick={() => {
                    setFocusNext({ tenantId: tenant.id, on: 'row' })
                    void switchTenant(tenant.id)
                  }}
                >
                  {t.switchTo}
                </button>
              ) : null}
              {tenant.kind === 'graph' && signInAvailable ? (
                <>
                  {tenant.signIn !== 'signed-in' ? (
                    <>
                      <button
                        type="button"
                        className="button button--primary"
                        data-focus-after-sign-out
                        onClick={() => void startSignIn({ tenantId: tenant.id }, 'browser')}
                      >
                        {t.signIn}
                      </button>
                      <button type="button" className="button" onClick={() => void startSignIn({ tenantId: tenant.id }, 'device-code')}>
                        {t.signInWithCode}
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() =>
                        void signOut(tenant.id).then(() => {
                          setSignedOut(tenant.id)
                          setFocusNext({ tenantId: tenant.id, on: 'sign-in' })
                        })
                      }
                    >
                      {t.signOut}
                    </button>
                  )}
                  {confirmRemove === tenant.id ? (
                    <span role="alertdialog" aria-label={t.confirmRemove(tenant.displayName)}>
                      <span>{t.confirmRemove(tenant.displayName)}</span>{' '}
                      <button type="button" className="button" autoFocus onClick={() => setConfirmRemove(null)}>
                        {t.keep}
                      </button>{' '}
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => {
                          setConfirmRemove(null)
                          void removeTenant(tenant.id)
                        }}
                      >
                        {t.remove}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button" disabled={busy} onClick={() => setConfirmRemove(tenant.id)}>
                      {t.remove}
                    </button>
                  )}
                </>
              ) : null}
            </div>
            {signedOut === tenant.id && tenant.signIn === 'signed-out' ? (
              <p role="status" className="settings__note" data-testid="signed-out-note">
                {t.signedOut}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
