import type { BenchJob } from '@shared/bench-schemas'
import { Words } from '../words'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { jobsStrings } from '../../strings/bench'

const text = jobsStrings

export interface JobActions {
  onSetActive(job: BenchJob): void
  onEdit(job: BenchJob): void
  onClose(job: BenchJob): void
  onReport(job: BenchJob): void
  onManifest(job: BenchJob): void
}

/** The jobs as a table: status in words (Open / Closed …, Active job), one button per action. */
export function JobList({ jobs, activeJobId, actions }: { jobs: BenchJob[]; activeJobId: string | null; actions: JobActions }) {
  const dates = useDateFormatter()
  return (
    // Never wider than the page: at 1024 the list is made to fit (orders.css), and whatever still does not scrolls here.
    <div className="job-list__scroll">
      <table className="job-list">
        <thead>
          <tr>
            <th scope="col">{text.columns.name}</th>
            <th scope="col">{text.columns.purchaseOrder}</th>
            <th scope="col">{text.columns.profile}</th>
            <th scope="col">{text.columns.groupTag}</th>
            <th scope="col">{text.columns.template}</th>
            <th scope="col">{text.columns.manifest}</th>
            <th scope="col">{text.columns.status}</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const open = job.closedAt === null
            const active = job.id === activeJobId
            return (
              <tr key={job.id} data-job-id={job.id}>
                {/* Names, tags and profiles wrap between words only: "BENCH-/NYC-/FLOOR-2" read as three tags at 1024. */}
                <th scope="row" tabIndex={-1}>
                  <Words text={job.name} />
                </th>
                <td>
                  <Words text={job.purchaseOrder} />
                </td>
                <td>
                  <Words text={job.expectedProfileName ?? job.expectedProfileId ?? ''} />
                </td>
                <td>
                  <Words text={job.groupTag} />
                </td>
                <td className="job-list__template">{job.deviceNameTemplate}</td>
                <td>{job.manifestRows}</td>
                <td>
                  {open ? text.open : text.closed(dates.dateTime(job.closedAt ?? ''))}
                  {active ? (
                    <>
                      {' · '}
                      <strong>
                        <span aria-hidden="true">★ </span>
                        {text.active}
                      </strong>
                    </>
                  ) : null}
                </td>
                <td>
                  {/* The flex row inside the cell: a cell that is itself a flex box drops out of the table's rules. */}
                  <div className="button-row">
                    {open && !active ? (
                      <button type="button" className="button" onClick={() => actions.onSetActive(job)} aria-label={`${text.setActive}: ${job.name}`}>
                        <Words text={text.setActive} />
                      </button>
                    ) : null}
                    {open ? (
                      <>
                        <button type="button" className="button" onClick={() => actions.onEdit(job)} aria-label={`${text.edit}: ${job.name}`}>
                          <Words text={text.edit} />
                        </button>
                        <button type="button" className="button" onClick={() => actions.onManifest(job)} aria-label={`${text.manifest.heading}: ${job.name}`}>
                          <Words text={text.manifest.heading} />
                        </button>
                        <button type="button" className="button" onClick={() => actions.onClose(job)} aria-label={`${text.close}: ${job.name}`}>
                          <Words text={text.close} />
                        </button>
                      </>
                    ) : null}
                    <button type="button" className="button" onClick={() => actions.onReport(job)} aria-label={`${text.handover}: ${job.name}`}>
                      <Words text={text.handover} />
                    </button>
                  </div>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
