import { useState, type FormEvent } from 'react'
import { checkClientIdInput, checkTenantInput } from '@shared/domain/clouds'
import type { SignInFlow } from '@shared/identity-schemas'
import { useIdentityStore } from '../../stores/stores-context'
import { settingsStrings as s } from '../../strings/settings'

const a = s.add

/** Adding a tenant: what the admin must have created, then tenant + client id; saved only once sign-in succeeds. */
export function AddTenantForm() {
  const overview = useIdentityStore((state) => state.overview)
  const startSignIn = useIdentityStore((state) => state.startSignIn)
  const [tenant, setTenant] = useState('')
  const [clientId, setClientId] = useState('')
  const [cloud, setCloud] = useState('global')
  const [problems, setProblems] = useState<{ tenant?: string; clientId?: string }>({})
  if (!overview?.signInAvailable) return null

  const submit = (flow: SignInFlow) => (event?: FormEvent) => {
    event?.preventDefault()
    const tenantCheck = checkTenantInput(tenant)
    const clientCheck = checkClientIdInput(clientId)
    setProblems({ tenant: tenantCheck.ok ? undefined : tenantCheck.reason, clientId: clientCheck.ok ? undefined : clientCheck.reason })
    if (!tenantCheck.ok || !clientCheck.ok) return
    void startSignIn({ add: { tenant: tenantCheck.value, clientId: clientCheck.value, cloud } }, flow)
  }

  return (
    <section className="settings__panel" aria-labelledby="settings-add-heading" data-testid="settings-add-tenant">
      <h2 id="settings-add-heading">{a.heading}</h2>
      <details className="settings__admin">
        <summary>{a.adminHeading}</summary>
        <ol>
          {a.adminSteps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <ul className="settings__permissions-list" data-testid="required-permissions">
          {overview.requiredPermissions.map((permission) => (
            <li key={permission}>
              <code>{permission}</code>
            </li>
          ))}
        </ul>
        <p className="muted">{a.retired}</p>
        <p className="muted">{a.guide}</p>
      </details>
      <form className="settings__form" onSubmit={submit('browser')} noValidate>
        <label>
          {a.tenant}
          <input
            value={tenant}
            onChange={(event) => setTenant(event.target.value)}
            aria-invalid={problems.tenant ? true : undefined}
            aria-describedby="add-tenant-hint add-tenant-problem"
            autoComplete="off"
            spellCheck={false}
            data-testid="add-tenant-input"
          />
        </label>
        <p id="add-tenant-hint" className="muted">
          {a.tenantHint}
        </p>
        {problems.tenant ? (
          <p id="add-tenant-problem" className="settings__problem" role="alert">
            {problems.tenant}
          </p>
        ) : null}
        <label>
          {a.clientId}
          <input
            value={clientId}
            onChange={(event) => setClientId(event.target.value)}
            aria-invalid={problems.clientId ? true : undefined}
            aria-describedby="add-client-hint add-client-problem"
            autoComplete="off"
            spellCheck={false}
            data-testid="add-client-input"
          />
        </label>
        <p id="add-client-hint" className="muted">
          {a.clientIdHint}
        </p>
        {problems.clientId ? (
          <p id="add-client-problem" className="settings__problem" role="alert">
            {problems.clientId}
          </p>
        ) : null}
        {overview.clouds.length > 1 ? (
          <label>
            {a.cloud}
            <select value={cloud} onChange={(event) => setCloud(event.target.value)} data-testid="add-cloud-select">
              {overview.clouds.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.displayName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="settings__buttons">
          <button type="submit" className="button button--primary">
            {a.browser}
          </button>
          <button type="button" className="button" onClick={() => submit('device-code')()} aria-describedby="add-device-code-why">
            {a.deviceCode}
          </button>
        </div>
        <p id="add-device-code-why" className="muted">
          {a.deviceCodeWhy}
        </p>
      </form>
    </section>
  )
}
