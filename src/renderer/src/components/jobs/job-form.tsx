import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { BenchJob } from '../../../../shared/bench-schemas'
import type { ProfileListItem } from '../../../../shared/card-schemas'
import { previewDeviceName, validateDeviceNameTemplate } from '../../../../shared/domain/device-name'
import { useApi } from '../../api/api-context'
import { jobsStrings } from '../../strings/bench'

const text = jobsStrings.form
/** A made-up serial for the template preview (the real one differs per device). */
const exampleSerial = 'PF3ABCDE'

/** Create or edit a job. Enter saves (from any field), Esc cancels; the core validates again. */
export function JobForm({ job, onSaved, onCancel }: { job: BenchJob | null; onSaved(job: BenchJob): void; onCancel(): void }) {
  const api = useApi()
  const id = useId()
  const [name, setName] = useState(job?.name ?? '')
  const [purchaseOrder, setPurchaseOrder] = useState(job?.purchaseOrder ?? '')
  const [profileId, setProfileId] = useState(job?.expectedProfileId ?? '')
  const [groupTag, setGroupTag] = useState(job?.groupTag ?? '')
  const [template, setTemplate] = useState(job?.deviceNameTemplate ?? '')
  const [profiles, setProfiles] = useState<ProfileListItem[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    let live = true
    void api.invoke('profiles:list-profiles', {}).then((result) => {
      if (live) setProfiles(result.ok ? result.value.profiles : [])
    })
    return () => {
      live = false
    }
  }, [api])

  const trimmed = template.trim()
  const validation = trimmed === '' ? null : validateDeviceNameTemplate(trimmed)
  const nameMissing = name.trim() === ''

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    if (nameMissing) return setProblem('Give the job a name (e.g. the customer order).')
    if (validation && !validation.valid) return setProblem(validation.errors.map((issue) => issue.message).join(' '))
    setSaving(true)
    const result = await api.invoke('jobs:save-job', {
      id: job?.id ?? null,
      job: { name, purchaseOrder, expectedProfileId: profileId || null, groupTag, deviceNameTemplate: trimmed },
    })
    setSaving(false)
    if (result.ok) onSaved(result.value)
    else setProblem(result.error.message)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
    }
  }

  const field = (suffix: string) => `${id}-${suffix}`
  return (
    <form className="job-form" aria-label={job ? text.editHeading(job.name) : text.createHeading} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate>
      <h2>{job ? text.editHeading(job.name) : text.createHeading}</h2>
      <label htmlFor={field('name')}>{text.name}</label>
      <input id={field('name')} value={name} onChange={(event) => setName(event.target.value)} aria-invalid={problem !== null && nameMissing} autoFocus maxLength={100} />
      <label htmlFor={field('po')}>{text.purchaseOrder}</label>
      <input id={field('po')} value={purchaseOrder} onChange={(event) => setPurchaseOrder(event.target.value)} maxLength={100} />
      <label htmlFor={field('profile')}>{text.profile}</label>
      <select id={field('profile')} value={profileId} onChange={(event) => setProfileId(event.target.value)}>
        <option value="">{text.anyProfile}</option>
        {/* An edited job keeps its profile even if the list has not arrived (or no longer has it). */}
        {job?.expectedProfileId && !profiles?.some((profile) => profile.id === job.expectedProfileId) ? (
          <option value={job.expectedProfileId}>{job.expectedProfileName ?? job.expectedProfileId}</option>
        ) : null}
        {(profiles ?? []).map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.displayName}
          </option>
        ))}
      </select>
      {profiles !== null && profiles.length === 0 ? <p className="hint">{text.profilesUnavailable}</p> : null}
      <label htmlFor={field('tag')}>{text.groupTag}</label>
      <input id={field('tag')} value={groupTag} onChange={(event) => setGroupTag(event.target.value)} maxLength={512} />
      <label htmlFor={field('template')}>{text.template}</label>
      <input
        id={field('template')}
        value={template}
        onChange={(event) => setTemplate(event.target.value)}
        aria-invalid={validation ? !validation.valid : false}
        aria-describedby={`${field('template-hint')} ${field('template-check')}`}
        spellCheck={false}
        maxLength={64}
      />
      <p id={field('template-hint')} className="hint">
        {text.templateHint}
      </p>
      <div id={field('template-check')} data-testid="template-check">
        {validation?.errors.map((issue) => (
          <p key={issue.message} className="notice--error">
            <span aria-hidden="true">✕ </span>
            {issue.message}
          </p>
        ))}
        {validation?.valid ? <p>{text.preview(previewDeviceName(trimmed, exampleSerial).display)}</p> : null}
        {validation?.warnings.map((issue) => (
          <p key={issue.message} className="hint">
            <span aria-hidden="true">⚠ </span>
            {issue.message}
          </p>
        ))}
      </div>
      {problem ? (
        <p className="notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={saving}>
          {text.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {text.cancel}
        </button>
      </div>
    </form>
  )
}
