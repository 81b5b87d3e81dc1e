import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useUiStore } from '../../stores/stores-context'
import type { AppError } from '@shared/result'
import { deviceCardStrings as s } from '../../strings/device-card'
import { ErrorMessage } from '../error-message'
import { useReveal } from '../../hooks/use-reveal'
import { refocusWhenLost } from '../../hooks/use-focus-after-action'

export interface Shortcut {
  label: string
  value: string
}

/**
 * One editable device property: always an input (Tab reaches it), Enter saves, Esc puts back the
 * current value. `validate` returns the messages that block saving; `preview` renders under the input.
 * Shortcuts (job default, manifest value) fill the input; they do not save by themselves.
 */
export function FieldEditor({
  label,
  hint,
  current,
  what,
  validate,
  preview,
  shortcuts = [],
  suggestions,
  onDraftChange,
  confirm,
  waiting,
  idPrefix,
  draftKey,
  onSave,
}: {
  label: string
  hint: string
  /** What the device has now (the pending value when a change is queued). */
  current: string
  /** The property's name in the "saved" message. */
  what: string
  validate?: (value: string) => string[]
  preview?: (value: string) => ReactNode
  shortcuts?: Shortcut[]
  /** Autocomplete values (a datalist: the browser's own keyboard handling). */
  suggestions?: string[]
  onDraftChange?: (value: string) => void
  /** What saving this value costs, when it needs a yes first (null: save at once). */
  confirm?: (value: string) => ReactNode | null
  /** Whether a change of this field still waits for Intune; false once delivered (the "saved" note then says so). */
  waiting?: boolean
  /** A fixed prefix for the input's id (the device card's jumps reach its fields by id); otherwise one of React's. */
  idPrefix?: string
  /** Where an unsaved value is kept while the card is away (device id + field); without it, it is dropped with the editor. */
  draftKey?: string
  onSave(value: string): Promise<AppError | null>
}) {
  const generatedId = useId()
  const id = idPrefix ?? generatedId
  const input = useRef<HTMLInputElement>(null)
  const kept = useUiStore((state) => (draftKey ? state.cardDrafts[draftKey] : undefined))
  const setCardDraft = useUiStore((state) => state.setCardDraft)
  const [draft, setDraftState] = useState(kept ?? current)
  // An unsaved value outlives the editor (the card left and opened again): kept in the UI store, dropped once saved or put back.
  useEffect(() => {
    if (draftKey) setCardDraft(draftKey, draft.trim() !== current ? draft : null)
  }, [draftKey, draft, current, setCardDraft])
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const [saved, setSaved] = useState(false)
  /** The value waiting for the technician's yes, with what it costs. */
  const [asking, setAsking] = useState<{ value: string; cost: ReactNode } | null>(null)
  // The question is answered by the next Enter in the field: on a 1366×768 laptop it opened below the window's foot.
  const askingRef = useReveal<HTMLDivElement>(asking)
  const errorRef = useReveal<HTMLDivElement>(error)
  // Save and Cancel turn themselves off once the field holds the device's value, and the question's
  // buttons go with it: the keyboard fell to <body>. It goes back to the field, where the next Enter works.
  const backToField = () => input.current?.focus()
  // A new current value (the queued change read back, or Intune's after a sync) replaces the draft
  // unless the technician is in the middle of typing something else. Adjusted during render, not in
  // an effect, so the input never shows the stale value (and keeps focus: no remount).
  const [base, setBase] = useState(current)
  const latestCurrent = useRef(current)
  useLayoutEffect(() => {
    latestCurrent.current = current
  })
  if (base !== current) {
    setBase(current)
    if (draft.trim() === base || draft.trim() === current || saved) setDraftState(current)
  }
  const value = draft.trim()
  // The device's own value is not judged here (the readiness panel does that): only what is typed.
  const problems = validate && value !== current ? validate(value) : []
  const canSave = !saving && value !== current && problems.length === 0

  const setDraft = (next: string) => {
    setDraftState(next)
    setSaved(false)
    setAsking(null)
    onDraftChange?.(next)
  }
  const save = async (confirmed = false) => {
    if (!canSave) return
    const cost = confirmed ? null : (confirm?.(value) ?? null)
    if (cost !== null) {
      setAsking({ value, cost })
      return
    }
    setAsking(null)
    setSaving(true)
    setError(null)
    const failure = await onSave(value)
    setSaving(false)
    setError(failure)
    setSaved(failure === null)
    // Saved: the field shows what the device now has (the queued value read back), not what was typed —
    // a template (PC-%RAND:5%) stayed, and a second Enter renamed the device again. The value read back
    // may already be here (latestCurrent) or come next (then the draft equals the old base, and follows).
    if (failure === null) setDraftState(latestCurrent.current)
    refocusWhenLost(() => input.current)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      void save(asking !== null && asking.value === value)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      if (asking) {
        setAsking(null)
        return
      }
      setDraft(current)
      setError(null)
    }
  }

  return (
    <div className="field-editor">
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="field-editor__row">
        <input
          ref={input}
          id={`${id}-input`}
          className="field-editor__input"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`${id}-hint ${id}-problems`}
          aria-invalid={problems.length > 0}
          list={suggestions ? `${id}-list` : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className="button button--primary" onClick={() => void save()} disabled={!canSave}>
          {s.editors.save}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            backToField()
            setDraft(current)
          }}
          disabled={draft === current}
        >
          {s.editors.cancel}
        </button>
      </div>
      {suggestions ? (
        <datalist id={`${id}-list`}>
          {suggestions.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
      ) : null}
      {shortcuts.length > 0 ? (
        <div className="field-editor__shortcuts">
          {shortcuts.map((shortcut) => (
            <button
              key={shortcut.label}
              type="button"
              className="button"
              onClick={() => {
                setDraft(shortcut.value)
                // Back to the field, so the next Enter saves the value (on the button it only filled it again).
                input.current?.focus()
              }}
            >
              {shortcut.label}
            </button>
          ))}
        </div>
      ) : null}
      {/* Typed or filled (Use job's tag…) but not saved: said in view, so it is not walked away from as if done. */}
      {value !== current && !saving && !asking ? (
        <p className="field-editor__unsaved" data-testid="field-unsaved">
          <span aria-hidden="true">✎ </span>
          {s.editors.unsaved(current)}
        </p>
      ) : null}
      <p id={`${id}-hint`} className="muted">
        {hint} · {s.editors.keys}
      </p>
      <div id={`${id}-problems`} className="field-editor__problems" aria-live="polite">
        {problems.map((problem) => (
          <p key={problem} className="field-editor__problem">
            <span aria-hidden="true">✕ </span>
            {problem}
          </p>
        ))}
        {/* Judged only while it differs from what the device has: a saved value leaves no stale note behind. */}
        {preview && value !== '' && value !== current ? preview(value) : null}
      </div>
      {asking ? (
        <div ref={askingRef} role="alertdialog" aria-label={s.editors.confirmLabel} className="field-editor__confirm">
          <p>
            <strong>{s.editors.confirmHeading}</strong>
          </p>
          {asking.cost}
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void save(true)}>
              {s.editors.confirmYes}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                backToField()
                setAsking(null)
              }}
            >
              {s.editors.confirmNo}
            </button>
          </div>
        </div>
      ) : null}
      {saved ? (
        <p role="status" className="field-editor__saved">
          {waiting === false ? s.editors.delivered(what) : s.editors.queued(what)}
        </p>
      ) : null}
      {error ? (
        <div ref={errorRef}>
          <ErrorMessage title={s.editors.saveFailed} error={error} />
        </div>
      ) : null}
    </div>
  )
}
