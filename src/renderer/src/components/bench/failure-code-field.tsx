import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { suggestCodes, type CodeSuggestion } from '@shared/domain/explain-error'
import { FAILURE_STAGE_LABELS, failureStages, stageEntryFor, type FailureStage } from '@shared/domain/error-knowledge'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.code

const labelIn = (suggestion: CodeSuggestion, during: FailureStage | null): string => {
  const staged = stageEntryFor(suggestion.entry.code, during)
  return staged ? `${suggestion.value} — ${staged.title}` : suggestion.label
}

/**
 * The error code the device shows, typed or picked from the knowledge base (a combobox: ↑/↓ move
 * through the suggestions, Enter saves the highlighted one or what was typed, Esc cancels), and, optionally,
 * the phase the screen showed it in (one Tab on, ↑/↓ pick, Enter saves): the same code can mean another
 * thing there (0x800705B4 at the TPM attestation vs. in Device setup). The simulated PC pre-fills both.
 */
export function FailureCodeField({
  serial,
  initial = '',
  initialDuring = null,
  onSave,
  onCancel,
}: {
  serial: string
  initial?: string
  initialDuring?: FailureStage | null
  onSave(code: string, during: FailureStage | null): void
  onCancel(): void
}) {
  const [value, setValue] = useState(initial)
  const [during, setDuring] = useState<FailureStage | null>(initialDuring)
  const [active, setActive] = useState(-1)
  const input = useRef<HTMLInputElement>(null)
  const id = useId()
  const suggestions = useMemo(() => suggestCodes(value, 8), [value])

  useEffect(() => input.current?.focus(), [])

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((current) => (suggestions.length === 0 ? -1 : (current + step + suggestions.length) % suggestions.length))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const picked = active >= 0 ? suggestions[active] : undefined
      onSave(picked ? picked.value : value.trim(), during)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
    }
  }

  const listId = `${id}-list`
  return (
    // data-scan-holds: a scan while the code is being entered would select the scanned device and close this field,
    // losing the failure (timed at F) without a word; it is held until Enter or Esc (scan-into-field.ts).
    <div className="code-field" data-scan-holds={text.scanHeld(serial)}>
      <label htmlFor={`${id}-input`}>{text.label}</label>
      <input
        id={`${id}-input`}
        ref={input}
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={suggestions.length > 0 ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${id}-option-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => {
          setValue(event.target.value)
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="hint">
        {text.hint}
      </p>
      {/* Rendered only with options: an empty listbox is an ARIA error (required children). */}
      {suggestions.length > 0 ? (
        <ul id={listId} role="listbox" aria-label={text.suggestions} className="code-field__list">
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.entry.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'code-field__option code-field__option--active' : 'code-field__option'}
              onMouseDown={(event) => {
                event.preventDefault()
                onSave(suggestion.value, during)
              }}
            >
              {/* In the phase picked, a code may read otherwise (0x800705B4 in Device setup: the ESP's time limit). */}
              {labelIn(suggestion, during)}
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset className="code-field__during">
        <legend>{text.during}</legend>
        {[null, ...failureStages].map((stage) => (
          <label key={stage ?? 'none'} className="code-field__stage">
            <input
              type="radio"
              name={`${id}-during`}
              checked={during === stage}
              onChange={() => setDuring(stage)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault()
                  onSave(value.trim(), during)
                } else if (event.key === 'Escape') {
                  event.preventDefault()
                  onCancel()
                }
              }}
            />
            {stage ? FAILURE_STAGE_LABELS[stage] : text.duringUnknown}
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => onSave(value.trim(), during)}>
          {text.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {text.cancel}
        </button>
      </div>
    </div>
  )
}
