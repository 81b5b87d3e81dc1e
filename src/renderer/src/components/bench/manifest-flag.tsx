import type { BenchDevice, BenchJob } from '@shared/bench-schemas'
import { ordersStrings } from '../../strings/orders'
import '../jobs/orders.css'

/** A device scanned for a job whose manifest does not list its serial: say so before anything is provisioned. */
export function ManifestFlag({ device, jobs }: { device: BenchDevice; jobs: BenchJob[] }) {
  if (device.manifest !== 'not-listed') return null
  const job = jobs.find((item) => item.id === device.jobId)
  return (
    <p className="manifest-flag" role="status" data-testid="manifest-flag">
      <span aria-hidden="true">⚠ </span>
      {ordersStrings.notOnManifest(job?.name ?? '')}
    </p>
  )
}
