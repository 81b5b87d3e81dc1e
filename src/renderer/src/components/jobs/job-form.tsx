import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { BenchJob } from '@shared/bench-schemas'
import type { ProfileListItem } from '@shared/card-schemas'
import { useJobsStore } from '../../stores/stores-context'
import { jobsStrings } from '../../strings/bench'
import { TemplateField, templateErrors } from './template-field'
import { GroupTagCheck, ProfileCheck, TemplateSerialCheck } from './job-form-checks'
import { useBenchStore } from '../../stores/stores-context'

const text = jobsStrings.form

/** Create or edit a job. Enter saves (from any field), Esc cancels; the core validates again. */
export function JobForm({ job, onSaved, onCancel }: { job: BenchJob | null; onSaved(job: BenchJob): void; onCancel(): void }) {
  const listProfiles = useJobsStore((state) => state.listProfiles)
  const saveJob = useJobsStore((state) => state.saveJob)
  const id = useId()
  const [name, setName] = useState(job?.name ?? '')
  const [purchaseOrder, setPurchaseOrder] = useState(job?.purchaseOrder ?? '')
  const [profileId, setProfileId] = useState(job?.expectedProfileId ?? '')
  const [groupTag, setGroupTag] = useState(job?.groupTag ?? '')
  const [template, setTemplate] = useState(job?.deviceNameTemplate ?? '')
  const [profiles, setProfiles] = useState<ProfileListItem[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // Real serial numbers to check the template against: the job's devices at the bench, else every device there.
  const benchDevices = useBenchStore((state) => state.devices)

  useEffect(() => {
    let live = true
    void listProfiles().then((result) => {
      if (live) setProfiles(result.ok ? result.value.profiles : [])
    })
    return () => {
      live = false
    }
  }, [listProfiles])

  const trimmed = template.trim()
  const problems = templateErrors(template)
  const nameMissing = name.trim() === ''

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    if (nameMissing) return setProblem('Give the job a name (e.g. the customer order).')
    if (problems && problems.length > 0) return setProblem(problems.join(' '))
    setSaving(true)
    const result = await saveJob({
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
    <form
      className="job-form"
      aria-label={job ? text.editHeading(job.name) : text.createHeading}
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      noValidate
    >
      <h2>{job ? text.editHeading(job.name) : text.createHeading}</h2>
      <label htmlFor={field('name')}>{text.name}</label>
      <input
        id={field('name')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={problem !== null && nameMissing}
        autoFocus
        maxLength={100}
      />
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
      <ProfileCheck profile={profiles?.find((profile) => profile.id === profileId) ?? null} />
      <label htmlFor={field('tag')}>{text.groupTag}</label>
      <input id={field('tag')} value={groupTag} onChange={(event) => setGroupTag(event.target.value)} maxLength={512} />
      <GroupTagCheck tag={groupTag} />
      <TemplateField id={field('template')} value={template} onChange={setTemplate} />
      <TemplateSerialCheck
        template={template}
        serials={(job && benchDevices.some((d) => d.jobId === job.id) ? benchDevices.filter((d) => d.jobId === job.id) : benchDevices).map(
          (d) => d.serialNumber,
        )}
      />
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
