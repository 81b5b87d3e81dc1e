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
    // The keyboard goes to the first field to correct (a walk found it left on the button under the errors).
    if (!tenantCheck.ok || !clientCheck.ok) {
      document.getElementById(tenantCheck.ok ? 'add-client-input' : 'add-tenant-input')?.focus()
      return
    }
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
        <FormField
          label={a.tenant}
          value={tenant}
          onChange={setTenant}
          hint={a.tenantHint}
          problem={problems.tenant}
          idBase="add-tenant"
          testId="add-tenant-input"
        />
        <FormField
          label={a.clientId}
          value={clientId}
          onChange={setClientId}
          hint={a.clientIdHint}
          problem={problems.clientId}
          idBase="add-client"
          testId="add-client-input"
        />
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

/** A text field with its hint below and its problem (if any) announced, both tied to the input. */
function FormField({
  label,
  value,
  onChange,
  hint,
  problem,
  idBase,
  testId,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  hint: string
  problem: string | undefined | null
  idBase: string
  testId: string
}) {
  return (
    <>
      <label>
        {label}
        <input
          id={`${idBase}-input`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${idBase}-hint ${idBase}-problem`}
          autoComplete="off"
          spellCheck={false}
          data-testid={testId}
        />
      </label>
      <p id={`${idBase}-hint`} className="muted">
        {hint}
      </p>
      {problem ? (
        <p id={`${idBase}-problem`} className="settings__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  )
}
