import { useState } from 'react'
import type { CheckFilesResponse } from '@shared/registration-schemas'
import { formatCount } from '../../format-number'
import { registrationStrings } from '../../strings/registration'
import { useDateFormatter } from '../../hooks/use-date-formatter'

const text = registrationStrings.check
/** Issues shown per list; the rest are counted (a 100,000-line file must not freeze the screen). */
const SHOWN = 300

function Limited<T>({ items, render }: { items: readonly T[]; render: (item: T, index: number) => React.ReactNode }) {
  return (
    <>
      {items.slice(0, SHOWN).map(render)}
      {items.length > SHOWN ? (
        <tr>
          <td colSpan={4} className="muted">
            {text.more(formatCount(items.length - SHOWN))}
          </td>
        </tr>
      ) : null}
    </>
  )
}

/** What the check found, per file and line: refused (with the fix), repaired, warnings, and the rows that will go up. */
export function CheckReport({
  check,
  busy,
  onConfirm,
  onExport,
  onDiscard,
  exported,
  checkedBefore = null,
}: {
  check: CheckFilesResponse
  /** When the check was made, if it was kept from before the app restarted. */
  checkedBefore?: string | null
  busy: boolean
  onConfirm: () => void
  onExport: () => void
  onDiscard: () => void
  exported: string | null
}) {
  const { report } = check
  const [showRows, setShowRows] = useState(false)
  const dates = useDateFormatter()
  const notHashCsv = report.rows === 0 && report.errors.length > 0
  // A re-check of files already uploaded: "Fix the refused lines" and a disabled "Upload 0 devices" asked for work there is none of.
  const allRegistered = report.valid === 0 && report.rows > 0 && report.errors.length > 0 && report.errors.every((issue) => issue.code === 'already-registered')
  return (
    <section className="reg-panel" aria-labelledby="register-check-h" data-testid="register-check">
      <h2 id="register-check-h" tabIndex={-1}>
        {text.heading}
      </h2>
      <p role="status" data-testid="register-summary">
        {/* No device row read at all and the file refused: "0 of 0 devices can be uploaded" said nothing of why. */}
        {notHashCsv ? text.notHashCsv(check.files.length) : text.summary(formatCount(report.valid), formatCount(report.rows))}
      </p>
      {notHashCsv ? (
        <p className="muted" data-testid="register-not-csv">
          {text.hashCsvShape}
        </p>
      ) : null}
      {checkedBefore ? (
        <p className="muted" data-testid="register-kept">
          {text.keptFromBefore(dates.sinceToday(checkedBefore))}
        </p>
      ) : null}
      <table className="reg-table">
        <caption className="visually-hidden">{text.files}</caption>
        <thead>
          <tr>
            <th scope="col">{text.fileColumns.file}</th>
            <th scope="col">{text.fileColumns.encoding}</th>
            <th scope="col">{text.fileColumns.rows}</th>
            <th scope="col">{text.fileColumns.valid}</th>
          </tr>
        </thead>
        <tbody>
          {check.files.map((file) => (
            <tr key={file.file}>
              <td>{file.file}</td>
              <td>{file.readable ? file.encoding : text.unreadable}</td>
              <td>{formatCount(file.rows)}</td>
              <td>{formatCount(file.valid)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {report.errors.length > 0 ? (
        <>
          <h3>{text.refused(formatCount(report.errors.length))}</h3>
          <table className="reg-table" data-testid="register-errors">
            <thead>
              <tr>
                <th scope="col">{text.issueColumns.file}</th>
                <th scope="col">{text.issueColumns.line}</th>
                <th scope="col">{text.issueColumns.problem}</th>
                <th scope="col">{text.issueColumns.fix}</th>
              </tr>
            </thead>
            <tbody>
              <Limited
                items={report.errors}
                render={(issue, i) => (
                  <tr key={i} data-code={issue.code}>
                    <td>{issue.file}</td>
                    <td>{issue.line}</td>
                    <td>{dates.inText(issue.message)}</td>
                    <td>{issue.fix}</td>
                  </tr>
                )}
              />
            </tbody>
          </table>
        </>
      ) : null}

      {report.repaired.length > 0 ? (
        <>
          <h3>{text.repaired(formatCount(report.repaired.length))}</h3>
          <table className="reg-table" data-testid="register-repaired">
            <thead>
              <tr>
                <th scope="col">{text.repairColumns.file}</th>
                <th scope="col">{text.repairColumns.line}</th>
                <th scope="col">{text.repairColumns.what}</th>
              </tr>
            </thead>
            <tbody>
              <Limited
                items={report.repaired}
                render={(repair, i) => (
                  <tr key={i} data-code={repair.code}>
                    <td>{repair.file}</td>
                    <td>{repair.line}</td>
                    <td>{registrationStrings.repairs[repair.code] ?? repair.code}</td>
                  </tr>
                )}
              />
            </tbody>
          </table>
        </>
      ) : null}

      {report.warnings.length > 0 ? (
        <>
          <h3>{text.warnings(formatCount(report.warnings.length))}</h3>
          <ul data-testid="register-warnings">
            {report.warnings.slice(0, SHOWN).map((warning, i) => (
              <li key={i}>
                {warning.file}, line {warning.line}: {warning.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {report.valid > 0 ? (
        <details open={showRows} onToggle={(event) => setShowRows(event.currentTarget.open)}>
          <summary>
            {text.willUpload} ({formatCount(report.valid)})
          </summary>
          {showRows ? (
            <table className="reg-table">
              <thead>
                <tr>
                  <th scope="col">{text.uploadColumns.file}</th>
                  <th scope="col">{text.uploadColumns.line}</th>
                  <th scope="col">{text.uploadColumns.serial}</th>
                  <th scope="col">{text.uploadColumns.groupTag}</th>
                  <th scope="col">{text.uploadColumns.user}</th>
                </tr>
              </thead>
              <tbody>
                {check.rows.slice(0, SHOWN).map((row) => (
                  <tr key={`${row.file}:${row.line}`}>
                    <td>{row.file}</td>
                    <td>{row.line}</td>
                    <td>{row.serialNumber}</td>
                    <td>{row.groupTag}</td>
                    <td>{row.assignedUser}</td>
                  </tr>
                ))}
                {report.valid > Math.min(SHOWN, check.rows.length) ? (
                  <tr>
                    <td colSpan={5} className="muted" data-testid="register-upload-more">
                      {text.more(formatCount(report.valid - Math.min(SHOWN, check.rows.length)))}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          ) : null}
        </details>
      ) : null}

      {notHashCsv || allRegistered ? null : <p className="muted">{check.jobName ? text.job(check.jobName) : text.noJob}</p>}
      {report.valid === 0 && !notHashCsv ? <p>{allRegistered ? text.allRegistered(check.files.length) : text.nothing}</p> : null}
      <div className="reg-actions">
        {notHashCsv || allRegistered ? null : (
          <>
            <button type="button" className="button button--primary" disabled={busy || report.valid === 0} onClick={onConfirm} data-testid="register-confirm">
              {busy ? text.confirming : text.confirm(formatCount(report.valid))}
            </button>
            <button type="button" className="button" disabled={busy || report.valid === 0} onClick={onExport} title={text.exportHelp}>
              {text.exportClean}
            </button>
          </>
        )}
        <button type="button" className="button" disabled={busy} onClick={onDiscard}>
          {text.discard}
        </button>
      </div>
      {exported ? (
        <p role="status" id="register-exported" tabIndex={-1}>
          {exported}
        </p>
      ) : null}
    </section>
  )
}
