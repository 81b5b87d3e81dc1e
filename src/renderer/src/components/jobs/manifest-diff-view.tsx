import { useEffect, useRef } from 'react'
import type { ManifestDiff, ManifestRow } from '@shared/bench-schemas'
import { showFromHeading } from '../../hooks/use-reveal'
import { ordersStrings } from '../../strings/orders'
import { ManifestLineErrors } from './manifest-line-errors'

const text = ordersStrings.diff
const columns = ordersStrings.manifestRows.columns
const who = (row: ManifestRow) => [row.userPrincipalName, row.addressableUserName, row.displayName].filter(Boolean).join(' · ') || '—'
const fields = [
  ['userPrincipalName', columns.user],
  ['addressableUserName', columns.friendly],
  ['displayName', columns.name],
] as const
/** Every field that differs, each with its own before and after: a summary of some fields showed "changed" rows whose two sides read the same. */
const changes = (before: ManifestRow, after: ManifestRow) =>
  fields
    .filter(([field]) => before[field] !== after[field])
    .map(([field, label]) => text.field(label, before[field], after[field]))
    .join('; ')

/** A re-import's effect on the manifest, shown before anything is written; the technician confirms or cancels. */
export function ManifestDiffView(props: {
  diff: ManifestDiff
  busy: boolean
  onConfirm(replace: boolean): void
  onCancel(): void
  /** Checks the file again with Intune's serials where Excel dropped the zeros. */
  onRestoreZeros(): void
}) {
  const { diff, busy, onConfirm, onCancel, onRestoreZeros } = props
  const nothing = diff.added.length + diff.changed.length + diff.removed.length === 0
  // It opens under the import form, below the window's foot on a 1366×768 laptop: the import button then
  // seemed to do nothing. The focus moves to it (which shows it), and Tab goes on to its buttons.
  // Heading at the top of the window, the changes under it (its own focus scroll left it at the foot).
  const headingRef = useRef<HTMLHeadingElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  useEffect(() => showFromHeading(sectionRef.current, headingRef.current), [diff])
  return (
    <section ref={sectionRef} className="manifest-diff" aria-labelledby="manifest-diff-heading" data-testid="manifest-diff">
      <h4 id="manifest-diff-heading" tabIndex={-1} ref={headingRef}>
        {text.heading}
      </h4>
      <p role="status">
        <strong>{text.summary(diff.added.length, diff.changed.length, diff.removed.length, diff.unchanged)}</strong>
      </p>
      {diff.removed.length > 0 ? (
        <p className="notice notice--error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {text.removedWarning(diff.removed.length)}
        </p>
      ) : null}
      {diff.unusedColumns.length > 0 ? (
        // Before the technician confirms: a header the manifest does not know left its field empty on every row, unseen.
        <p className="notice notice--error" data-testid="manifest-unused-columns">
          <span aria-hidden="true">⚠ </span>
          {text.unusedColumns(diff.unusedColumns)}
        </p>
      ) : null}
      {diff.leadingZerosLost.length > 0 ? (
        <div className="notice notice--error" data-testid="manifest-leading-zeros">
          <p>
            <span aria-hidden="true">⚠ </span>
            {text.leadingZerosLost(diff.leadingZerosLost.length)}
          </p>
          <ul>
            {diff.leadingZerosLost.map((lost) => (
              <li key={lost.serialNumber} className="mono">
                {text.leadingZerosRow(lost.serialNumber, lost.inIntune)}
              </li>
            ))}
          </ul>
          {diff.leadingZerosRestored === 0 ? (
            <button type="button" className="button" disabled={busy} onClick={onRestoreZeros}>
              {text.restoreZeros}
            </button>
          ) : null}
        </div>
      ) : null}
      <UsersUnknown users={(diff.usersUnknown ?? []).filter((u) => u.state === 'not-found')} state="not-found" />
      <UsersUnknown users={(diff.usersUnknown ?? []).filter((u) => u.state === 'not-checked')} state="not-checked" />
      {diff.leadingZerosRestored > 0 ? (
        <p className="notice" data-testid="manifest-zeros-restored">
          {text.zerosRestored(diff.leadingZerosRestored)}
        </p>
      ) : null}
      {nothing ? <p>{text.nothing}</p> : null}
      {diff.errors.length > 0 ? (
        // The lines the import will leave out, before the technician confirms: never a silent shortfall.
        <div className="manifest-diff__skipped" data-testid="manifest-skipped">
          <p>{text.skipped(diff.errors.length)}</p>
          <ManifestLineErrors errors={diff.errors} />
        </div>
      ) : null}
      <ul className="manifest-diff__list">
        {diff.added.map((row) => (
          <li key={`a-${row.serialNumber}`} data-change="added">
            <span className="manifest-diff__tag manifest-diff__tag--added">{text.added}</span> {row.serialNumber} — {who(row)}
          </li>
        ))}
        {diff.changed.map(({ before, after }) => (
          <li key={`c-${after.serialNumber}`} data-change="changed">
            <span className="manifest-diff__tag manifest-diff__tag--changed">{text.changed}</span> {after.serialNumber} — {changes(before, after)}
          </li>
        ))}
        {diff.removed.map((row) => (
          <li key={`r-${row.serialNumber}`} data-change="removed">
            <span className="manifest-diff__tag manifest-diff__tag--removed">{text.removed}</span> {row.serialNumber} — {who(row)}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy || nothing} onClick={() => onConfirm(true)}>
          {text.confirm}
        </button>
        {diff.removed.length > 0 ? (
          <button type="button" className="button" disabled={busy} onClick={() => onConfirm(false)}>
            {text.merge}
          </button>
        ) : null}
        <button type="button" className="button" onClick={onCancel}>
          {text.cancel}
        </button>
      </div>
    </section>
  )
}

/** Users the file names that Intune does not have, or that could not be checked: said before the import, not at delivery. */
function UsersUnknown({ users, state }: { users: NonNullable<ManifestDiff['usersUnknown']>; state: 'not-found' | 'not-checked' }) {
  if (users.length === 0) return null
  return (
    <div className={state === 'not-found' ? 'notice notice--error' : 'notice'} data-testid={`manifest-users-${state}`}>
      <p>
        <span aria-hidden="true">⚠ </span>
        {state === 'not-found' ? text.usersNotFound(users.length) : text.usersNotChecked(users.length)}
      </p>
      <ul>
        {users.map((user) => (
          <li key={user.userPrincipalName} className="mono">
            {text.userRow(user.userPrincipalName, user.serialNumbers)}
          </li>
        ))}
      </ul>
    </div>
  )
}
