import type { Ref } from 'react'
import { maxSearchLength } from '@shared/device-schemas'
import { strings } from '../strings'

interface SearchBoxProps {
  value: string
  onChange(value: string): void
  ref?: Ref<HTMLInputElement>
  /** Enter in the field: the screen opens its top hit; true when it did (then Enter goes no further). */
  onEnter?(): boolean
}

/** The device search field; its label is the accessible name tests and screen readers use. */
export function SearchBox({ value, onChange, ref, onEnter }: SearchBoxProps) {
  return (
    <div className="search-box">
      <label htmlFor="device-search" className="search-box__label">
        {strings.devices.searchLabel}
      </label>
      <div className="search-box__field">
        <input
          ref={ref}
          id="device-search"
          type="search"
          className="search-box__input"
          value={value}
          placeholder={strings.devices.searchPlaceholder}
          autoComplete="off"
          spellCheck={false}
          maxLength={maxSearchLength}
          aria-keyshortcuts="Control+K"
          aria-describedby="device-search-hint"
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && onEnter?.()) event.preventDefault()
          }}
        />
        <kbd className="search-box__kbd" aria-hidden="true">
          {strings.devices.searchShortcut}
        </kbd>
      </div>
      <span id="device-search-hint" className="visually-hidden">
        {strings.devices.searchShortcutHint}
      </span>
    </div>
  )
}
