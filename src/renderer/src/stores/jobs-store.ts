import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { RequestOf, ResponseOf } from '@shared/channels'
import type { BenchJob } from '@shared/bench-schemas'
import type { ProfileListItem } from '@shared/card-schemas'
import type { AppError, Result } from '@shared/result'
import { followTopics } from './follow-topics'

export interface JobsState {
  /** Every job, open ones first (newest first), then closed ones; null until the first answer. */
  jobs: BenchJob[] | null
  /** The last read failed (the previous list, if any, stays). */
  error: AppError | null
  /** Re-reads the list; an answer overtaken by a later read is dropped. */
  refresh(): Promise<void>
  /** Resolves once a list is there: joins the read in flight, or starts the first one. Never re-reads. */
  ensureLoaded(): Promise<void>
  /** Loads the list once and re-reads it on the `jobs` and `manifest` topics. Returns the detach function. */
  attach(): () => void
  saveJob(request: RequestOf<'jobs:save-job'>): Promise<Result<BenchJob>>
  closeJob(id: string): Promise<Result<BenchJob>>
  importManifest(jobId: string, csv: string, replace?: boolean, restoreLeadingZeros?: boolean): Promise<Result<ResponseOf<'jobs:import-manifest'>>>
  /** What importing `csv` would add, change and remove; nothing is written. */
  previewManifest(jobId: string, csv: string, restoreLeadingZeros?: boolean): Promise<Result<ResponseOf<'jobs:preview-manifest'>>>
  listManifest(jobId: string): Promise<Result<ResponseOf<'jobs:list-manifest'>>>
  saveManifestRow(request: RequestOf<'jobs:save-manifest-row'>): Promise<Result<ResponseOf<'jobs:save-manifest-row'>>>
  removeManifestRow(jobId: string, serialNumber: string): Promise<Result<unknown>>
  handoverReport(jobId: string): Promise<Result<ResponseOf<'jobs:get-handover-report'>>>
  exportHandoverCsv(jobId: string): Promise<Result<ResponseOf<'jobs:export-handover-csv'>>>
  /** Where a group tag leads (no profile, another profile than the job's): the job form's warning. */
  checkGroupTag(groupTag: string, expectedProfileId: string | null): Promise<Result<ResponseOf<'jobs:check-group-tag'>>>
  /** Deployment profiles a job can expect (the job form's list). */
  listProfiles(): Promise<Result<{ profiles: ProfileListItem[] }>>
}

/** Open jobs in list order. */
export const openJobsOf = (jobs: readonly BenchJob[] | null): BenchJob[] => (jobs ?? []).filter((job) => job.closedAt === null)

/**
 * Jobs (customer / purchase orders), read once for every consumer (the Jobs screen, the bench's
 * open-job picker, the diagnostics job scope) and re-read when the core says jobs or a manifest changed.
 * Writes go through here too; the list follows from the core's `data:changed`, not from the caller.
 */
export function createJobsStore(api: Api) {
  let generation = 0
  let inFlight: Promise<void> | null = null
  let attached = 0
  let detachTopics: (() => void) | null = null
  return createStore<JobsState>()((set, get) => ({
    jobs: null,
    error: null,

    refresh() {
      const mine = ++generation
      const read = (async () => {
        const result = await api.invoke('jobs:list-jobs', { includeClosed: true })
        if (mine !== generation) return
        if (result.ok) set({ jobs: result.value.jobs, error: null })
        else set({ error: result.error })
      })()
      inFlight = read
      void read.finally(() => {
        if (inFlight === read) inFlight = null
      })
      return read
    },

    ensureLoaded() {
      if (get().jobs !== null) return Promise.resolve()
      return inFlight ?? get().refresh()
    },

    attach() {
      // Several owners may attach (the app shell, a test); one subscription and one read serve them all.
      if (attached++ === 0) {
        detachTopics = followTopics(api, ['jobs', 'manifest'], () => void get().refresh())
        // Joins a read in flight; otherwise re-reads (changes made while detached were not followed).
        void (inFlight ?? get().refresh())
      }
      let detached = false
      return () => {
        if (detached) return
        detached = true
        if (--attached > 0) return
        detachTopics?.()
        detachTopics = null
      }
    },

    saveJob: (request) => api.invoke('jobs:save-job', request),
    closeJob: (id) => api.invoke('jobs:close-job', { id }),
    importManifest: (jobId, csv, replace = true, restoreLeadingZeros = false) =>
      api.invoke('jobs:import-manifest', { jobId, csv, replace, restoreLeadingZeros }),
    previewManifest: (jobId, csv, restoreLeadingZeros = false) => api.invoke('jobs:preview-manifest', { jobId, csv, restoreLeadingZeros }),
    listManifest: (jobId) => api.invoke('jobs:list-manifest', { jobId }),
    saveManifestRow: (request) => api.invoke('jobs:save-manifest-row', request),
    removeManifestRow: (jobId, serialNumber) => api.invoke('jobs:remove-manifest-row', { jobId, serialNumber }),
    handoverReport: (jobId) => api.invoke('jobs:get-handover-report', { jobId }),
    exportHandoverCsv: (jobId) => api.invoke('jobs:export-handover-csv', { jobId }),
    listProfiles: () => api.invoke('profiles:list-profiles', {}),
    checkGroupTag: (groupTag, expectedProfileId) => api.invoke('jobs:check-group-tag', { groupTag, expectedProfileId }),
  }))
}

export type JobsStore = ReturnType<typeof createJobsStore>
