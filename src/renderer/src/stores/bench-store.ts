import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { AttemptRecord, BenchDevice, BenchJob } from '@shared/bench-schemas'
import type { AttemptEvent } from '@shared/domain/attempt'
import type { ResponseOf } from '@shared/channels'
import type { AppError, Result } from '@shared/result'
import { followTopics } from './follow-topics'
import { openJobsOf, type JobsStore } from './jobs-store'

export interface BenchState {
  /** Open jobs (customer / purchase orders), from the jobs store. */
  jobs: BenchJob[]
  /** The job new scans join; remembered as the `bench.activeJobId` preference. */
  activeJobId: string | null
  /** Every device at the bench now. */
  devices: BenchDevice[]
  error: AppError | null
  /** The device the Bench screen's recorder works on: the last one scanned or picked in the list. */
  selectedDeviceId: string | null
  select(deviceId: string | null): void
  refresh(): Promise<void>
  setActiveJob(jobId: string | null): Promise<void>
  /** Puts a device on the bench with the active job (a scan resolved it). Repeats while one is in flight are skipped. */
  addDevice(deviceId: string): Promise<Result<BenchDevice> | null>
  removeDevice(deviceId: string): Promise<Result<unknown>>
  /** Records what the technician declared; the bench row is updated from the core's answer. */
  recordEvent(deviceId: string, event: AttemptEvent): Promise<Result<{ attempt: AttemptRecord; device: BenchDevice }>>
  /** Takes back the device's last recorded key (within the core's grace period). */
  undoLastEvent(deviceId: string): Promise<Result<ResponseOf<'attempts:undo-last-event'>>>
  /** Sets an attempt aside with a reason (kept in the audit trail). */
  voidAttempt(deviceId: string, attemptNumber: number, reason: string): Promise<Result<ResponseOf<'attempts:void-attempt'>>>
  /** The device's readiness for its job, from the core's device card (P asks first when it is not ready). */
  readinessOf(deviceId: string, jobId: string | null): Promise<Result<NonNullable<ResponseOf<'devices:get-device-card'>>['readiness'] | null>>
  /** Loads the bench (and the jobs store) and re-reads the bench whenever it changes. Returns the detach function. */
  attach(): () => void
}

/** Rest before a trailing read of the bench, per ms its last read took, and at most (see restBeforeNextRead). */
const restPerReadMs = 3
const maxRestMs = 2000

/**
 * The bench and its jobs: shared by the Bench and Jobs screens, the scan flow and the device card.
 * The jobs come from the jobs store (read once for every consumer); this store keeps the open ones
 * and the active job, which stops being active when it is closed or deleted.
 */
export function createBenchStore(api: Api, jobsStore: JobsStore) {
  let generation = 0
  const adding = new Set<string>()
  /** The `bench.activeJobId` preference as last read or set; shown only while that job is open. */
  let remembered: string | null = null
  let benchError: AppError | null = null
  return createStore<BenchState>()((set, get) => {
    /** Open jobs and the active job from the jobs store's list; before its first answer nothing is active. */
    const applyJobs = () => {
      const { jobs, error } = jobsStore.getState()
      const openJobs = jobs === null ? get().jobs : openJobsOf(jobs)
      set({
        jobs: openJobs,
        activeJobId: jobs !== null && remembered && openJobs.some((job) => job.id === remembered) ? remembered : null,
        error: benchError ?? error,
      })
    }
    /** How long the last read took, its answer included (see restBeforeNextRead). */
    let lastReadMs = 0
    /** One read of the bench, its active job and the jobs (see `refresh`). */
    const load = async () => {
      const mine = ++generation
      const started = performance.now()
      const [, bench, active] = await Promise.all([
        jobsStore.getState().ensureLoaded(),
        api.invoke('bench:list-devices', { jobId: null }),
        api.invoke('prefs:get-preference', { key: 'bench.activeJobId' }),
      ])
      lastReadMs = performance.now() - started
      if (mine !== generation) return
      benchError = bench.ok ? null : bench.error
      remembered = active.ok && typeof active.value.value === 'string' ? active.value.value : null
      if (bench.ok) set({ devices: bench.value.devices })
      // A closed or deleted job stops being the active one.
      applyJobs()
    }
    /** The read in flight, then the rest after it; changes meanwhile wait for the trailing read. */
    let busy: Promise<void> | null = null
    let trailing: Promise<void> | null = null
    /**
     * Before the trailing read, the worker is left to others for three times as long as the last read took
     * (at most 2 s). Changes stream in during a sync (one per page written), and each read works out the
     * readiness of every bench row: a staging bench of hundreds of devices, read back to back, kept the
     * worker busy and made every scan's lookup wait. A small bench reads in a few ms and waits as little.
     */
    const restBeforeNextRead = () => new Promise<void>((resolve) => setTimeout(resolve, Math.min(maxRestMs, restPerReadMs * lastReadMs)))
    /** Replaces the device's row (or appends it) without waiting for the next data:changed refresh. */
    const upsert = (device: BenchDevice) => {
      const devices = get().devices
      const at = devices.findIndex((item) => item.deviceId === device.deviceId)
      set({ devices: at < 0 ? [...devices, device] : devices.map((item, index) => (index === at ? device : item)) })
    }
    return {
      jobs: [],
      activeJobId: null,
      devices: [],
      error: null,
      selectedDeviceId: null,

      select(deviceId) {
        set({ selectedDeviceId: deviceId })
      },

      refresh() {
        // One read at a time: a burst of changes (a scan adds the device, its online refresh writes it,
        // the sync status moves) becomes one trailing read, not one per change, and that read comes after
        // a rest (restBeforeNextRead) — each read works out every bench row's readiness in the database
        // worker, where a scan's lookup waits.
        if (busy) {
          trailing ??= busy.then(() => {
            trailing = null
            return get().refresh()
          })
          return trailing
        }
        const read = load()
        const current = read
          .catch(() => undefined)
          .then(restBeforeNextRead)
          .finally(() => {
            if (busy === current) busy = null
          })
        busy = current
        return read
      },

      async setActiveJob(jobId) {
        remembered = jobId
        set({ activeJobId: jobId })
        await api.invoke('prefs:set-preference', { key: 'bench.activeJobId', value: jobId })
      },

      async addDevice(deviceId) {
        // The scan store resolves a device twice (cache, then online): one bench row, one call. A device
        // already at the bench with the active job stays as it is; with another job it moves to this one.
        const jobId = get().activeJobId
        // Scanning from any screen lands on the scanned device when the Bench is opened.
        set({ selectedDeviceId: deviceId })
        if (adding.has(deviceId) || get().devices.some((device) => device.deviceId === deviceId && device.jobId === jobId)) return null
        adding.add(deviceId)
        try {
          const result = await api.invoke('bench:add-device', { deviceId, jobId })
          if (result.ok) upsert(result.value)
          else set({ error: result.error })
          return result
        } finally {
          adding.delete(deviceId)
        }
      },

      async removeDevice(deviceId) {
        const result = await api.invoke('bench:remove-device', { deviceId })
        if (result.ok) set({ devices: get().devices.filter((device) => device.deviceId !== deviceId) })
        return result
      },

      async recordEvent(deviceId, event) {
        const result = await api.invoke('attempts:record-event', { deviceId, event })
        if (result.ok) upsert(result.value.device)
        return result
      },

      async undoLastEvent(deviceId) {
        const result = await api.invoke('attempts:undo-last-event', { deviceId })
        if (result.ok && result.value.device) upsert(result.value.device)
        return result
      },

      async voidAttempt(deviceId, attemptNumber, reason) {
        const result = await api.invoke('attempts:void-attempt', { deviceId, attemptNumber, reason })
        if (result.ok && result.value.device) upsert(result.value.device)
        return result
      },

      async readinessOf(deviceId, jobId) {
        const result = await api.invoke('devices:get-device-card', { id: deviceId, jobId })
        return result.ok ? { ok: true, value: result.value?.readiness ?? null } : result
      },

      attach() {
        const detachJobs = jobsStore.getState().attach()
        const unsubscribeJobs = jobsStore.subscribe((state, previous) => {
          if (state.jobs !== previous.jobs || state.error !== previous.error) applyJobs()
        })
        const unsubscribe = followTopics(
          api,
          // Not 'preferences': the two the bench depends on change 'bench' too (benchListPreferenceKeys).
          ['bench', 'attempts', 'devices', 'jobs', 'manifest', 'outbox', 'profiles', 'users'],
          () => void get().refresh(),
        )
        void get().refresh()
        return () => {
          unsubscribe()
          unsubscribeJobs()
          detachJobs()
          generation++
        }
      },
    }
  })
}

export type BenchStore = ReturnType<typeof createBenchStore>
