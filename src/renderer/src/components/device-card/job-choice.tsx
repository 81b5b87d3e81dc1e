import { useId } from 'react'
import { useBenchStore } from '../../stores/stores-context'
import { deviceCardStrings as s } from '../../strings/device-card'

/**
 * Which job readiness is checked against: by default the device's job at the bench (the core's
 * choice), or any open job — for a device opened from the Devices list that is not on the bench yet.
 */
export function JobChoice({ value, onChange }: { value: string | null; onChange(jobId: string | null): void }) {
  const id = useId()
  const jobs = useBenchStore((state) => state.jobs)
  if (jobs.length === 0) return null
  return (
    <div className="device-card__job">
      <label htmlFor={id}>{s.header.jobLabel}</label>{' '}
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}>
        <option value="">{s.header.benchJob}</option>
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.name}
            {job.purchaseOrder ? ` (${job.purchaseOrder})` : ''}
          </option>
        ))}
      </select>
    </div>
  )
}
