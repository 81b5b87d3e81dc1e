import { diagnosticsStrings } from '../../strings/diagnostics'
import { NamedText } from './review-names'

const text = diagnosticsStrings.review
const cell = (value: unknown) =>
  value === null || value === undefined || value === '' ? text.none : typeof value === 'object' ? JSON.stringify(value) : String(value)

/** SQLite's 1/0 for a yes/no setting, in words (the admin center says Yes / No). */
export const yesNo = (value: unknown): string => (value === 1 || value === true ? 'Yes' : value === 0 || value === false ? 'No' : cell(value))

/** A file's size as people read it: "512 B", "4 KB", "1.2 MB" (1 KB = 1,024 bytes, as Windows counts). */
export function fileSize(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return cell(value)
  if (value < 1024) return `${value} B`
  const units = ['KB', 'MB', 'GB']
  let size = value / 1024
  let unit = 0
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024
    unit++
  }
  return `${size < 10 ? Math.round(size * 10) / 10 : Math.round(size)} ${units[unit]}`
}

/** A plain table of snapshot rows; the bundle's own values, never re-interpreted (only shown in words where a column says how). */
export function RowsTable({
  rows,
  columns,
}: {
  rows: ReadonlyArray<Record<string, unknown>>
  /** key, heading, and optionally how to show the value (words instead of a stored code). */
  columns: ReadonlyArray<readonly [string, string] | readonly [string, string, (value: unknown) => string]>
}) {
  if (rows.length === 0) return <p>{text.empty}</p>
  return (
    <div className="table-scroll">
      <table className="diag-table">
        <thead>
          <tr>
            {columns.map(([key, label]) => (
              <th key={key} scope="col" data-col={key}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 1000).map((row, i) => (
            <tr key={i}>
              {columns.map(([key, , format]) => (
                <td key={key} data-col={key}>
                  {format ? format(row[key]) : <NamedText text={cell(row[key])} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Warnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null
  return (
    <section className="diag-warnings" aria-label={text.warnings} data-testid="diag-warnings">
      <h3>⚠ {text.warnings}</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </section>
  )
}
