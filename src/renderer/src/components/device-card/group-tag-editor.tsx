import { useEffect, useState } from 'react'
import type { AppError } from '@shared/result'
import { useDeviceActionsStore } from '../../stores/stores-context'
import { deviceCardStrings as s } from '../../strings/device-card'
import { FieldEditor, type Shortcut } from './field-editor'

const suggestDelayMs = 150

/** Group tag: autocomplete from the tags devices in this tenant carry, and the job's tag one press away. */
export function GroupTagEditor({ current, jobTag, onSave }: { current: string; jobTag: string | null; onSave(value: string): Promise<AppError | null> }) {
  const listGroupTags = useDeviceActionsStore((state) => state.listGroupTags)
  const [prefix, setPrefix] = useState(current)
  const [tags, setTags] = useState<string[]>([])

  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      void listGroupTags({ prefix, limit: 20 }).then((result) => {
        // No suggestions is harmless: the tag can still be typed, so a failure is not shown.
        if (live && result.ok) setTags(result.value.tags)
      })
    }, suggestDelayMs)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [listGroupTags, prefix])

  const shortcuts: Shortcut[] = jobTag && jobTag !== current ? [{ label: s.editors.useJobTag(jobTag), value: jobTag }] : []
  return (
    <FieldEditor
      label={s.editors.groupTagLabel}
      hint={s.editors.groupTagHint}
      what={s.editors.groupTagLabel}
      current={current}
      shortcuts={shortcuts}
      suggestions={tags}
      onDraftChange={setPrefix}
      onSave={onSave}
    />
  )
}
