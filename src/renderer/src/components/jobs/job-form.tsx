import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { BenchJob } from '@shared/bench-schemas'
import type { ProfileListItem } from '@shared/card-schemas'
import { useJobsStore } from '../../stores/stores-context'
import { jobsStrings } from '../../strings/bench'
import { TemplateField, templateErrors } from './template-field'
import { GroupTagCheck, ProfileCheck, TagProfileCheck, TemplateSerialCheck } from './job-form-checks'
import { useGroupTagSuggestions } from '../device-card/use-group-tag-suggestions'
import type { ResponseOf } from '@shared/channels'
import { jobChecksStrings } from '../../strings/job-checks'
import { useReveal } from '../../hooks/use-reveal'
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
  const checkGroupTag = useJobsStore((state) => state.checkGroupTag)
  const tagSuggestions = useGroupTagSuggestions(groupTag)
  const [tagOutcome, setTagOutcome] = useState<ResponseOf<'jobs:check-group-tag'>['outcome']>(null)
  /** The tag whose warning was shown at a Save: the next Save keeps it. */
  const [warnedTag, setWarnedTag] = useState<string | null>(null)
  /**
   * The tag the technician has kept in this job: the one saved with it (kept when it was saved, asked about
   * then or not), or one kept by a second Save here. Not asked about again, whatever else is edited and saved
   * (it was asked at every Save of an edit, and again when the expected profile changed); another tag is.
   * The warning still shows under the field.
   */
  const [keptTag, setKeptTag] = useState<string | null>(job ? job.groupTag.trim() : null)
  const tagNow = groupTag.trim()
  const askingAboutTag = warnedTag === tagNow && keptTag !== tagNow && Boolean(tagOutcome?.warning)
  // The question and the Save that answers it, in view: at 1366×768 under a list of jobs they opened below the window's foot (a walk).
  const saveRowRef = useReveal<HTMLDivElement>(askingAboutTag ? tagNow : null)
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

  // Where the tag leads, as the device card explains a profile: shown while typing, and asked about at Save.
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      void checkGroupTag(groupTag, profileId || null).then((result) => {
        if (live) setTagOutcome(result.ok ? result.value.outcome : null)
      })
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [checkGroupTag, groupTag, profileId])

  const trimmed = template.trim()
  const problems = templateErrors(template)
  const nameMissing = name.trim() === ''

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    if (nameMissing) return setProblem('Give the job a name (e.g. the customer order).')
    if (problems && problems.length > 0) return setProblem(problems.join(' '))
    setSaving(true)
    if (keptTag !== tagNow && warnedTag !== tagNow) {
      // Asked now, not from the debounced answer: Enter right after typing must not save unseen.
      const check = await checkGroupTag(groupTag, profileId || null)
      const outcome = check.ok ? check.value.outcome : null
      setTagOutcome(outcome)
      if (outcome?.warning) {
        setSaving(false)
        setProblem(null)
        return setWarnedTag(tagNow)
      }
    }
    // Saved with it (this Save answers the question, or there was none): this value is not asked about again here.
    setKeptTag(tagNow)
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
      <input
        id={field('tag')}
        value={groupTag}
        onChange={(event) => setGroupTag(event.target.value)}
        maxLength={512}
        list={field('tag-list')}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={tagOutcome?.warning ? field('tag-profile') : undefined}
      />
      {/* The tags devices in this tenant carry, as on the device card (devices:list-group-tags). */}
      <datalist id={field('tag-list')}>
        {tagSuggestions.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
      <GroupTagCheck tag={groupTag} />
      {askingAboutTag ? null : <TagProfileCheck outcome={tagOutcome} id={field('tag-profile')} />}
      <TemplateField id={field('template')} value={template} onChange={setTemplate} />
      <TemplateSerialCheck
        template={template}
        serials={(job && benchDevices.some((d) => d.jobId === job.id) ? benchDevices.filter((d) => d.jobId === job.id) : benchDevices).map(
          (d) => d.serialNumber,
        )}
      />
      {askingAboutTag ? (
        <p className="notice--error" role="alert" id={field('tag-profile')} data-testid="job-tag-save-again">
          <span aria-hidden="true">⚠ </span>
          {tagOutcome?.warning} {jobChecksStrings.tagSaveAgain}
        </p>
      ) : null}
      {problem ? (
        <p className="notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row" ref={saveRowRef}>
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
