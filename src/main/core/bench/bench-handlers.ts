import { randomUUID } from 'node:crypto'
import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { handoverCsv, handoverFileName } from './handover-csv'

type BenchChannel = 'jobs:save-job' | 'jobs:export-handover-csv' | 'jobs:preview-manifest'

/**
 * The two bench channels that need the core: a new job belongs to the core's tenant, and the
 * hand-over CSV is named in the core's time zone. Everything else is in bench.worker.ts.
 */
export function createBenchHandlers(core: Core): Pick<Handlers, BenchChannel> {
  return {
    'jobs:save-job': (request) => core.db.call('jobs.save', { id: request.id, job: request.job, tenantId: core.tenant.id, newId: randomUUID() }),
    // The preview asks Intune about users the cache does not know; without a token (offline, signed out) it still
    // answers, with those users "not checked".
    'jobs:preview-manifest': async (request, ctx) => {
      const graph = await core.graphArgs(ctx.correlationId).catch(() => null)
      return core.db.call('jobs.preview-manifest', { ...request, graph })
    },
    'jobs:export-handover-csv': async (request) => {
      const now = new Date()
      const report = await core.db.call('jobs.handover-report', { jobId: request.jobId, now: now.toISOString() })
      return { fileName: handoverFileName(report.job.name, now, core.timeZone), csv: handoverCsv(report) }
    },
  }
}
