import { activeTenantOf } from '../../stores/identity-store'
import { useIdentityStore } from '../../stores/stores-context'
import { settingsStrings as s } from '../../strings/settings'

const p = s.permissions

/** Granted vs needed for the active tenant, one row per feature, with the reason a feature is off. */
export function PermissionsTable() {
  const tenant = useIdentityStore((state) => activeTenantOf(state.overview))
  if (!tenant || tenant.kind !== 'graph') return null
  const readOnly = tenant.access.some((row) => row.feature === 'autopilot-read' && row.available) && tenant.access.some((row) => row.writes && !row.available)
  return (
    <section className="settings__panel" aria-labelledby="settings-permissions-heading" data-testid="settings-permissions">
      <h2 id="settings-permissions-heading">{p.heading}</h2>
      <p className="muted">{p.intro}</p>
      {readOnly ? <p role="note">{p.readOnly}</p> : null}
      <table className="settings__table">
        <thead>
          <tr>
            <th scope="col">{p.feature}</th>
            <th scope="col">{p.permission}</th>
            <th scope="col">{p.status}</th>
          </tr>
        </thead>
        <tbody>
          {tenant.access.map((row) => (
            <tr key={row.feature} data-testid={`permission-${row.feature}`} data-available={row.available}>
              <th scope="row">{row.label}</th>
              <td>
                <code>{row.permission}</code>
              </td>
              <td>
                {row.available ? p.granted : p.missing}
                {row.reason ? <p className="settings__reason">{row.reason}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
