import { useId, useState, type KeyboardEvent } from 'react'
import type { UserSummary } from '@shared/user-schemas'
import { deviceCardStrings as s } from '../../strings/device-card'
import { ErrorMessage } from '../error-message'
import { useReveal } from '../../hooks/use-reveal'
import { userPageSize, useUserSearch } from './use-user-search'

const u = s.users

const licence = (user: UserSummary) => (user.licensed === null ? u.licenceUnknown : user.licensed ? u.licensed : u.unlicensed)

/**
 * A combobox over the tenant's users: type, ↑/↓ move through at most 25 matches, Enter picks the
 * highlighted one (click works too), Esc clears. The list never grows past one page, so thousands
 * of users stay usable: "type more" says when there may be more matches.
 */
export function UserPicker({ onPick, disabled = false, idPrefix }: { onPick(user: UserSummary): void; disabled?: boolean; idPrefix?: string }) {
  const generatedId = useId()
  const id = idPrefix ?? generatedId
  const [query, setQuery] = useState('')
  // The highlighted user by id, not by place: the list Intune sends may replace the cached one shown meanwhile,
  // and Enter must assign the user the technician saw highlighted (or the first one, if that user is gone).
  const [activeId, setActiveId] = useState<string | null>(null)
  const search = useUserSearch(query)
  const users = search.result?.users ?? []
  const open = query.trim() !== '' && users.length > 0
  const activeIndex = Math.max(
    0,
    users.findIndex((user) => user.id === activeId),
  )
  // Enter assigns the highlighted user: the list and that user must be in view (on a 1366×768 laptop the
  // list opened below the window's foot, and ↓ then Enter assigned a user the technician never saw).
  const listRef = useReveal<HTMLUListElement>(open || null)
  const activeRef = useReveal<HTMLLIElement>(open ? activeIndex : null)

  const pick = (user: UserSummary | undefined) => {
    if (!user || disabled) return
    onPick(user)
    setQuery('')
    setActiveId(null)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (users.length === 0) return
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActiveId(users[(activeIndex + step + users.length) % users.length]!.id)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      pick(users[activeIndex])
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setQuery('')
      setActiveId(null)
    }
  }

  return (
    <div className="user-picker">
      <label htmlFor={`${id}-input`}>{u.searchLabel}</label>
      <input
        id={`${id}-input`}
        className="field-editor__input"
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${id}-option-${activeIndex}` : undefined}
        aria-describedby={`${id}-hint`}
        value={query}
        disabled={disabled}
        onChange={(event) => {
          setQuery(event.target.value)
          setActiveId(null)
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <p id={`${id}-hint`} className="muted">
        {u.searchHint}
      </p>
      <ul ref={listRef} id={`${id}-list`} role="listbox" aria-label={u.searchLabel} className="user-picker__list" hidden={!open}>
        {users.map((user, index) => (
          <li
            key={user.id}
            id={`${id}-option-${index}`}
            ref={index === activeIndex ? activeRef : undefined}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'user-picker__option user-picker__option--active' : 'user-picker__option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(user)}
          >
            <span className="user-picker__marker" aria-hidden="true">
              {index === activeIndex ? '▸' : ' '}
            </span>
            <strong>{user.displayName || user.userPrincipalName}</strong> <span className="mono">{user.userPrincipalName}</span>{' '}
            <span className="muted">· {licence(user)}</span>
          </li>
        ))}
      </ul>
      <div role="status" className="user-picker__status">
        {search.searching ? u.searching : null}
        {!search.searching && search.result && query.trim() !== '' && users.length === 0 ? (
          <>
            <span>{search.asking ? u.noCachedMatchAsking(query.trim()) : u.noMatch(query.trim())}</span>
            {search.result.notice ? <span> {u.fromCacheBecause}</span> : null}
          </>
        ) : null}
        {!search.searching && users.length >= userPageSize ? u.typeMore(users.length) : null}
        {!search.searching && search.result && users.length > 0
          ? ` ${search.asking ? u.fromCacheAsking : search.result.source === 'online' ? u.fromOnline : search.result.notice ? u.fromCacheBecause : u.fromCache}`
          : null}
      </div>
      {search.result?.notice ? <ErrorMessage error={search.result.notice} urgent={false} /> : null}
      {search.error ? <ErrorMessage error={search.error} /> : null}
    </div>
  )
}
