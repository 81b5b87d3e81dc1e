import { createStore } from 'zustand/vanilla'
import type { Api } from '../../../shared/api'
import type { BenchDevice, BenchJob } from '../../../shared/bench-schemas'
import type { AppError } from '../../../shared/result'

export interface BenchState {
  /** Open jobs (customer / purchase orders). */
  jobs: BenchJob[]
  /** The job new scans join; remembered as the `bench.activeJobId` preference. */
  activeJobId: string | null
  /** Every device at the bench now. */
  devices: BenchDevice[]
  error: AppError | null
  refresh(): Promise<void>
  setActiveJob(jobId: string | null): Promise<void>
  /** Loads jobs and the bench and re-reads them whenever they change. Returns the detach function. */
  attach(): () => void
}

const benchTables = ['bench_devices', 'bench_jobs', 'job_manifest', 'attempts', 'devices']

/** The bench and its jobs: shared by the Bench and Jobs screens, the scan flow and the device card. */
export function createBenchStore(api: Api) {
  let generation = 0
  return createStore<BenchState>()((set, get) => ({
    jobs: [],
    activeJobId: null,
    devices: [],
    error: null,

    async refresh() {
      const mine = ++generation
      const [jobs, bench, active] = await Promise.all([
        api.invoke('jobs:list-jobs', { includeClosed: false }),
        api.invoke('bench:list-devices', { jobId: null }),
        api.invoke('prefs:get-preference', { key: 'bench.activeJobId' }),
      ])
      if (mine !== generation) return
      const error = !jobs.ok ? jobs.error : !bench.ok ? bench.error : null
      const remembered = active.ok && typeof active.value.value === 'string' ? active.value.value : null
      const openJobs = jobs.ok ? jobs.value.jobs : get().jobs
      set({
        jobs: openJobs,
        devices: bench.ok ? bench.value.devices : get().devices,
        // A closed or deleted job stops being the active one.
        activeJobId: remembered && openJobs.some((job) => job.id === remembered) ? remembered : null,
        error,
      })
    },

    async setActiveJob(jobId) {
      set({ activeJobId: jobId })
      await api.invoke('prefs:set-preference', { key: 'bench.activeJobId', value: jobId })
    },

    attach() {
      const unsubscribe = api.on('db:changed', (payload) => {
        if (payload.tables.some((table) => benchTables.includes(table))) void get().refresh()
      })
      void get().refresh()
      return () => {
        unsubscribe()
        generation++
      }
    },
  }))
}

export type BenchStore = ReturnType<typeof createBenchStore>
