import { randomUUID } from 'node:crypto'
import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { handoverCsv, handoverFileName } from './handover-csv'

type BenchChannel = 'jobs:save-job' | 'jobs:export-handover-csv'

/**
 * The two bench channels that need the core: a new job belongs to the core's tenant, and the
 * hand-over CSV is named in the core's time zone. Everything else is in bench.worker.ts.
 */
export function createBenchHandlers(core: Core): Pick<Handlers, BenchChannel> {
  return {
    'jobs:save-job': (request) => core.db.call('jobs.save', { id: request.id, job: request.job, tenantId: core.tenant.id, newId: randomUUID() }),
    'jobs:export-handover-csv': async (request) => {
      const now = new Date()
      const report = await core.db.call('jobs.handover-report', { jobId: request.jobId, now: now.toISOString() })
      return { fileName: handoverFileName(report.job.name, now, core.timeZone), csv: handoverCsv(report) }
    },
  }
}
