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
        if (change.leaves.length === 0) return null
        return (
          <div data-testid="group-tag-confirm">
            <p>{s.editors.groupTagLeaves(current, value, names(change.leaves))}</p>
            <p>{profileAfterWords(change, card?.explanation.winner?.profileName ?? null)}</p>
          </div>
        )
      }}
      waiting={waiting}
      onSave={onSave}
    />
  )
}

/** What the device's profile does with the new tag, as far as the cache can tell. */
function profileAfterWords(change: ReturnType<typeof groupTagChange>, before: string | null): string {
  const after = change.after
  if (after && after.profileName === before) return s.editors.groupTagSameProfile(after.profileName, after.groupName)
  if (after && before) return s.editors.groupTagOtherProfile(before, after.profileName, after.groupName)
  if (change.losesProfile) return s.editors.groupTagLosesProfile(change.losesProfile)
  return s.editors.groupTagKeepsProfile
}
