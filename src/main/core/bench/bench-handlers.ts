import { randomUUID } from 'node:crypto'
import type { Core } from '../create-core'
import type { Handlers } from '../handlers'
import { handoverCsv, handoverFileName } from './handover-csv'

type BenchChannel = Extract<keyof Handlers, `jobs:${string}` | `bench:${string}` | `attempts:${string}`>

/**
 * Bench jobs, the bench and pre-provisioning attempts. Everything runs in the
 * database worker; the worker emits `db:changed` (bench_jobs, job_manifest, bench_devices, attempts)
 * after each write, which the renderer's bench store listens for.
 */
export function createBenchHandlers(core: Core): Pick<Handlers, BenchChannel> {
  return {
    'jobs:list-jobs': async (request) => ({ jobs: await core.db.call('jobs.list', request) }),
    'jobs:save-job': (request) => core.db.call('jobs.save', { id: request.id, job: request.job, tenantId: core.tenant.id, newId: randomUUID() }),
    'jobs:close-job': (request) => core.db.call('jobs.close', request),
    'jobs:import-manifest': (request) => core.db.call('jobs.import-manifest', request),
    'jobs:list-manifest': (request) => core.db.call('jobs.list-manifest', request),
    'jobs:get-handover-report': (request) => core.db.call('jobs.handover-report', { jobId: request.jobId, now: new Date().toISOString() }),
    'jobs:export-handover-csv': async (request) => {
      const now = new Date()
      const report = await core.db.call('jobs.handover-report', { jobId: request.jobId, now: now.toISOString() })
      return { fileName: handoverFileName(report.job.name, now, core.timeZone), csv: handoverCsv(report) }
    },
    'bench:list-devices': (request) => core.db.call('bench.list', request),
    'bench:add-device': (request) => core.db.call('bench.add', request),
    'bench:remove-device': (request) => core.db.call('bench.remove', request),
    'attempts:record-event': (request) => core.db.call('attempts.record', request),
    'attempts:list-attempts': (request) => core.db.call('attempts.list', request),
  }
}
