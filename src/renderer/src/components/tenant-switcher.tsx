import { useEffect, useRef } from 'react'
import type { TenantSummary } from '@shared/identity-schemas'
import { useIdentityStore } from '../stores/stores-context'
import { strings } from '../strings'
import { settingsStrings as s } from '../strings/settings'

/** One empty list, so the selector's answer is stable while nothing is loaded (a new [] would re-render forever). */
const NO_TENANTS: readonly TenantSummary[] = []

/** Always visible (sidebar): which tenant the app shows, and a switch to another. */
export function TenantSwitcher() {
  const tenants = useIdentityStore((state) => state.overview?.tenants ?? NO_TENANTS)
  const loading = useIdentityStore((state) => state.overview === null && state.error === null)
  const busy = useIdentityStore((state) => state.busy)
  const switchTenant = useIdentityStore((state) => state.switchTenant)
  const active = tenants.find((tenant) => tenant.active)
  // The list is disabled while it switches, which dropped focus to <body>: it comes back when the switch ends.
  const selectRef = useRef<HTMLSelectElement>(null)
  const refocus = useRef(false)
  useEffect(() => {
    if (busy || !refocus.current) return
    refocus.current = false
    if (document.activeElement === null || document.activeElement === document.body) selectRef.current?.focus()
  }, [busy])
  if (loading) {
    // The same block while the tenants load, so the screens' buttons below it do not move under a click.
    return (
      <div className="tenant-switcher" data-testid="tenant-switcher" aria-busy="true">
        <span>{s.tenants.switcherLabel}</span>
        <strong>{strings.status.tenantLoading}</strong>
      </div>
    )
  }
  if (!active) return null
  return (
    <div className="tenant-switcher" data-testid="tenant-switcher">
      <label htmlFor="tenant-switcher-select">{s.tenants.switcherLabel}</label>
      {tenants.length > 1 ? (
        <select
          id="tenant-switcher-select"
          value={active.id}
          disabled={busy}
          ref={selectRef}
          onChange={(event) => {
            refocus.current = true
            void switchTenant(event.target.value)
          }}
        >
          {tenants.map((tenant) => (
            <option key={tenant.id} value={tenant.id}>
              {tenant.displayName}
            </option>
          ))}
        </select>
      ) : (
        <strong id="tenant-switcher-select">{active.displayName}</strong>
      )}
      {busy ? <span role="status">{s.tenants.switching}</span> : null}
    </div>
  )
}
