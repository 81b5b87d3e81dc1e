import { Fragment, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { ManifestRow } from '@shared/bench-schemas'
import { useJobsStore } from '../../stores/stores-context'
import { ordersStrings } from '../../strings/orders'
import { ConfirmQuestion } from '../confirm-question'
import { AddressText } from '../address-text'
import { SerialText } from '../serial-text'

const text = ordersStrings.manifestRows
const blank: ManifestRow = { serialNumber: '', userPrincipalName: '', addressableUserName: '', displayName: '' }

/** The row being edited: an existing one (by its serial before the edit) or a new one. */
type Editing = { original: string | null; row: ManifestRow }

/**
 * The job's manifest rows, visible and editable one by one (Enter saves, Esc cancels). The core
 * checks a row like a CSV line (serial, duplicate, UPN, device name) and says what is wrong.
 */
export function ManifestRows({ jobId }: { jobId: string }) {
  const listManifest = useJobsStore((state) => state.listManifest)
  const saveManifestRow = useJobsStore((state) => state.saveManifestRow)
  const removeManifestRow = useJobsStore((state) => state.removeManifestRow)
  // The jobs list is re-read on every manifest change (its row counts): re-read the rows with it.
  const jobs = useJobsStore((state) => state.jobs)
  const id = useId()
  const [rows, setRows] = useState<ManifestRow[] | null>(null)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  // Remove asks in the page, under the row (a scanner's Enter confirmed window.confirm).
  const [removing, setRemoving] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    void listManifest(jobId).then((result) => {
      if (!live) return
      if (result.ok) setRows(result.value.rows)
      else setProblem(result.error.message)
    })
    return () => {
      live = false
    }
  }, [listManifest, jobId, jobs])

  // After the editor closes, the keyboard goes back to the row's Edit button (its new serial's, after a
  // save) or to Add row: the editor leaving the page would otherwise drop it to <body>.
  const returnTo = useRef<string | null>(null)
  const sectionRef = useRef<HTMLElement>(null)
  useEffect(() => {
    const serial = returnTo.current
    if (serial === null || editing) return
    returnTo.current = null
    const target = sectionRef.current?.querySelector<HTMLElement>(serial === '' ? '[data-manifest-add]' : `[data-manifest-edit="${CSS.escape(serial)}"]`)
    target?.focus()
  })
  const close = (serial: string | null) => {
    returnTo.current = serial ?? ''
    setEditing(null)
    setProblem(null)
  }

  const save = async (event?: FormEvent) => {
    event?.preventDefault()
    if (!editing) return
    const result = await saveManifestRow({ jobId, originalSerial: editing.original, row: editing.row })
    if (!result.ok) return setProblem(result.error.message)
    const fresh = await listManifest(jobId)
    if (fresh.ok) setRows(fresh.value.rows)
    close(result.value.serialNumber)
  }

  const remove = async (serial: string) => {
    setRemoving(null)
    const result = await removeManifestRow(jobId, serial)
    if (!result.ok) return setProblem(result.error.message)
    // The row and its buttons are gone: the keyboard goes to Add row rather than <body>.
    returnTo.current = ''
    setRows((current) => current?.filter((row) => row.serialNumber !== serial) ?? null)
  }
  const cancelRemove = (serial: string) => {
    setRemoving(null)
    sectionRef.current?.querySelector<HTMLElement>(`[data-manifest-remove="${CSS.escape(serial)}"]`)?.focus()
  }

  const onEditorKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      close(editing?.original ?? null)
    }
  }

  const field = (key: keyof ManifestRow, label: string) => (
    <label className="form-field">
      <span>{label}</span>
      <input
        value={editing?.row[key] ?? ''}
        onChange={(event) => setEditing((current) => (current ? { ...current, row: { ...current.row, [key]: event.target.value } } : current))}
        spellCheck={false}
        autoFocus={key === 'serialNumber'}
        // A scanned Win×5 code gives the serial here, not its JSON (scan/scan-into-field.ts).
        data-scan-serial={key === 'serialNumber' ? '' : undefined}
      />
    </label>
  )

  // The editor opens where the row is (under it), or above the table for a new one: with an order of
  // thousands of rows, below the table was out of sight.
  const editor = editing ? (
    <form className="form-grid" onSubmit={(event) => void save(event)} onKeyDown={onEditorKey} aria-label={editing.original ?? text.add}>
      {field('serialNumber', text.columns.serial)}
      {field('userPrincipalName', text.columns.user)}
      {field('addressableUserName', text.columns.friendly)}
      {field('displayName', text.columns.name)}
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {text.save}
        </button>
        <button type="button" className="button" onClick={() => close(editing.original)}>
          {text.cancel}
        </button>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  ) : null

  const adding = editing !== null && editing.original === null
  return (
    <section ref={sectionRef} className="manifest-rows" aria-labelledby={`${id}-heading`} data-testid="manifest-rows">
      <h4 id={`${id}-heading`}>{text.heading(rows?.length ?? 0)}</h4>
      {adding ? (
        editor
      ) : (
        <button type="button" className="button" data-manifest-add onClick={() => setEditing({ original: null, row: blank })}>
          {text.add}
        </button>
      )}
      {rows && rows.length === 0 ? <p className="empty-state">{text.empty}</p> : null}
      {rows && rows.length > 0 ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{text.columns.serial}</th>
              <th scope="col">{text.columns.user}</th>
              <th scope="col">{text.columns.friendly}</th>
              <th scope="col">{text.columns.name}</th>
              <th scope="col">{text.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Fragment key={row.serialNumber}>
                <tr>
                  <th scope="row">
                    <SerialText serial={row.serialNumber} />
                  </th>
                  <td>
                    <AddressText text={row.userPrincipalName} />
                  </td>
                  <td>{row.addressableUserName}</td>
                  <td className="manifest-rows__name">{row.displayName}</td>
                  <td className="manifest-rows__actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`${text.edit} ${row.serialNumber}`}
                      data-manifest-edit={row.serialNumber}
                      onClick={() => setEditing({ original: row.serialNumber, row })}
                    >
                      {text.edit}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`${text.remove} ${row.serialNumber}`}
                      aria-expanded={removing === row.serialNumber}
                      data-manifest-remove={row.serialNumber}
                      onClick={() => setRemoving(row.serialNumber)}
                    >
                      {text.remove}
                    </button>
                  </td>
                </tr>
                {removing === row.serialNumber ? (
                  <tr className="manifest-rows__editor">
                    <td colSpan={5}>
                      <ConfirmQuestion
                        title={text.confirmRemove(row.serialNumber)}
                        confirmLabel={text.confirmRemoveYes}
                        cancelLabel={text.cancelRemove}
                        onConfirm={() => void remove(row.serialNumber)}
                        onCancel={() => cancelRemove(row.serialNumber)}
                        testId="remove-manifest-row-question"
                      >
                        <p>{text.removeMeaning}</p>
                      </ConfirmQuestion>
                    </td>
                  </tr>
                ) : null}
                {editing?.original === row.serialNumber ? (
                  <tr className="manifest-rows__editor">
                    <td colSpan={5}>{editor}</td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
      {problem && !editing ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  )
}
