import { useState } from 'react'
import type { DeviceCard } from '@shared/card-schemas'
import { groupTagChange } from '@shared/domain/group-tag-change'
import { explainWithTag } from '@shared/domain/group-tag-outcome'
import type { AppError } from '@shared/result'
import { useGroupTagSuggestions } from './use-group-tag-suggestions'
import { deviceCardStrings as s } from '../../strings/device-card'
import { FieldEditor, type Shortcut } from './field-editor'
import { cardFieldIds } from './card-jumps'

const names = (list: string[]) => list.map((name) => `'${name}'`).join(', ')

/**
 * Group tag: autocomplete from the tags devices in this tenant carry, and the job's tag one press away.
 * Changing or clearing a tag a dynamic group's rule uses asks first, naming the group and the profile
 * lost (group-tag-change.ts); commas and quotes are flagged; the length limit is labelled as ours.
 */
export function GroupTagEditor({
  current,
  jobTag,
  card,
  waiting,
  onSave,
}: {
  current: string
  jobTag: string | null
  card?: Pick<DeviceCard, 'explanation' | 'device' | 'explanationInput'>
  waiting?: boolean
  onSave(value: string): Promise<AppError | null>
}) {
  const [prefix, setPrefix] = useState(current)
  const tags = useGroupTagSuggestions(prefix)

  // The new tag explained before it is saved, from the same cached groups and assignments as the card.
  const winnerWith = (value: string) => {
    const input = card?.explanationInput
    if (!input) return undefined
    const after = explainWithTag(input, value)
    return after.winner ? { profileName: after.winner.profileName, groupName: after.winner.groupName } : null
  }
  const changeTo = (value: string) =>
    groupTagChange({
      currentTag: current,
      newTag: value,
      purchaseOrder: card?.device.purchaseOrder ?? '',
      groups: card?.explanation.groups ?? [],
      winner: card?.explanation.winner ?? null,
      winnerAfter: winnerWith(value),
    })

  const shortcuts: Shortcut[] = jobTag && jobTag !== current ? [{ label: s.editors.useJobTag(jobTag), value: jobTag }] : []
  return (
    <FieldEditor
      idPrefix={cardFieldIds.groupTag}
      draftKey={card ? `${card.device.id}:group-tag` : undefined}
      label={s.editors.groupTagLabel}
      hint={s.editors.groupTagHint}
      what={s.editors.groupTagLabel}
      current={current}
      shortcuts={shortcuts}
      suggestions={tags}
      onDraftChange={setPrefix}
      // Clearing is a change too: the field editor saves '' like any value.
      validate={(value) => changeTo(value).errors}
      preview={(value) => {
        const { warnings } = changeTo(value)
        return warnings.length > 0 ? (
          <div data-testid="group-tag-warnings">
            {warnings.map((warning) => (
              <p key={warning} className="field-editor__warning">
                <span aria-hidden="true">! </span>
                {warning}
              </p>
            ))}
          </div>
        ) : null
      }}
      confirm={(value) => {
        const change = changeTo(value)
        const offJob = tagAgainstJob(value, jobTag, card?.explanationInput ? explainWithTag(card.explanationInput, value) : null)
        if (change.leaves.length === 0 && !offJob.noProfile && !offJob.caseOnly) return null
        return (
          <div data-testid="group-tag-confirm">
            {change.leaves.length > 0 ? (
              <>
                <p>{s.editors.groupTagLeaves(current, value, names(change.leaves))}</p>
                <p>{profileAfterWords(change, card?.explanation.winner?.profileName ?? null)}</p>
              </>
            ) : offJob.noProfile ? (
              <p>{s.editors.groupTagNoProfile(value, offJob.noProfile.certain)}</p>
            ) : null}
            {jobTag && offJob.caseOnly ? <p>{s.editors.groupTagCaseOfJobTag(value, jobTag)}</p> : null}
            {jobTag && offJob.nearJob ? <p>{s.editors.groupTagLikeJobTag(value, jobTag)}</p> : null}
          </div>
        )
      }}
      waiting={waiting}
      onSave={onSave}
    />
  )
}

/**
 * A tag typed on the card that is not the job's, judged as the job form judges a job's tag: one that leads
 * to no profile (the card's cached rules, explainWithTag) or differs from the job's only in letter case is
 * asked about once before it is saved. A walk saved "bench-ny" (job tag BENCH-NYC) at once, though it led
 * to no profile. Whether Intune's dynamic rules match a tag in another case is not in the reference, so a
 * case-only difference is asked about rather than judged. "Close to" (at most two letters apart, any case)
 * only adds "did you mean" to a question already asked: BENCH-A and BENCH-B are both real sites' tags.
 */
function tagAgainstJob(
  value: string,
  jobTag: string | null,
  explained: { winner: unknown; certain: boolean } | null,
): { noProfile: { certain: boolean } | null; caseOnly: boolean; nearJob: boolean } {
  const typed = value.trim()
  const job = (jobTag ?? '').trim()
  if (typed === '' || typed === job) return { noProfile: null, caseOnly: false, nearJob: false }
  const noProfile = explained && explained.winner === null ? { certain: explained.certain } : null
  const caseOnly = job !== '' && typed.toUpperCase() === job.toUpperCase()
  const nearJob = !caseOnly && noProfile !== null && job !== '' && lettersApart(typed.toUpperCase(), job.toUpperCase()) <= 2
  return { noProfile, caseOnly, nearJob }
}

/** Levenshtein distance: how many letters to add, drop or change to turn one tag into the other. */
function lettersApart(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]!
}

/** What the device's profile does with the new tag, as far as the cache can tell. */
function profileAfterWords(change: ReturnType<typeof groupTagChange>, before: string | null): string {
  const after = change.after
  if (after && after.profileName === before) return s.editors.groupTagSameProfile(after.profileName, after.groupName)
  if (after && before) return s.editors.groupTagOtherProfile(before, after.profileName, after.groupName)
  if (change.losesProfile) return s.editors.groupTagLosesProfile(change.losesProfile)
  return s.editors.groupTagKeepsProfile
}
