import type { BenchJob } from '@shared/bench-schemas'
import { benchStrings } from '../../strings/bench'

const text = benchStrings.jobPicker

/** The job new scans join (remembered across restarts as the `bench.activeJobId` preference). */
export function JobPicker({ jobs, activeJobId, onChange }: { jobs: BenchJob[]; activeJobId: string | null; onChange(jobId: string | null): void }) {
  return (
    <div className="job-picker">
      <label htmlFor="bench-active-job">{text.label}</label>
      <select
        id="bench-active-job"
        value={activeJobId ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        aria-describedby="bench-active-job-hint"
      >
        <option value="">{text.none}</option>
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.purchaseOrder ? `${job.name} (${job.purchaseOrder})` : job.name}
          </option>
        ))}
      </select>
      <span id="bench-active-job-hint" className="hint">
        {text.hint}
      </span>
    </div>
  )
}
