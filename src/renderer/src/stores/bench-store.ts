import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { AttemptRecord, BenchDevice, BenchJob, BenchRemoval } from '@shared/bench-schemas'
import type { AttemptEvent } from '@shared/domain/attempt'
import type { ResponseOf } from '@shared/channels'
import { fail, type AppError, type Result } from '@shared/result'
import { followTopics } from './follow-topics'
import { openJobsOf, type JobsStore } from './jobs-store'
import { startBenchRecheck, type OnlineSource } from './bench-recheck'

/**
 * A key this window recorded, newest last per device: what its undo names (the core's event id), and
 * how the device's timeline shows it (type, time, label). Only these are offered for Undo or taken back
 * by Ctrl+Z: another station's key on the same device, or Intune's enrollment confirmation recorded by
 * a sync, is never this window's to undo.
 */
export interface OwnKey {
  eventId: number
  type: string
  at: string
  label: string
  /** This window's order of keys: a later key has a larger number. */
  seq: number
}

/** Keys kept per device for Ctrl+Z (the core's grace period ends their use long before this many). */
const ownKeysPerDevice = 20

/** How long the "Recorded: … Undo" offer stays after a key (Esc undoes while it shows; Ctrl+Z works for the core's whole grace period). */
export const UNDO_OFFER_MS = 15_000

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
  /**
   * Puts a device on the bench with the active job: scan `scanId` resolved it. One call per scan and device: the
   * scan's further resolutions (its online refresh) are skipped while the first is in flight or once it succeeded.
   */
  addDevice(deviceId: string, scanId: string): Promise<Result<BenchDevice> | null>
  /**
   * "Remove from bench": takes the device off, selects its neighbour (the next row, else the previous one) and keeps
   * what was removed for Undo (`removal`).
   */
  removeDevice(deviceId: string): Promise<Result<unknown>>
  /** The last removal, while it can be undone (the notice shows it); `restored` once Undo put it back. */
  removal: { removed: BenchRemoval; restored: boolean } | null
  /** Undo of the last removal: the core puts the device back as it was (stage, attempts, job, hand-over report); it is selected again. */
  undoRemoval(): Promise<Result<BenchDevice> | null>
  /** Forgets the last removal (the notice closes). */
  dismissRemoval(): void
  /** Keys recorded from this window, by device (OwnKey). */
  ownKeys: Record<string, OwnKey[]>
  /**
   * The key this window recorded last, for UNDO_OFFER_MS after it, until an undo: what the recorder
   * offers to undo while the device's timeline still ends with it. Set only by a new key, so a key that
   * is the last again after an undo is not offered again (a second Esc must not take back a second key).
   */
  undoOffer: (OwnKey & { deviceId: string }) | null
  /** Records what the technician declared; the bench row is updated from the core's answer. */
  recordEvent(deviceId: string, event: AttemptEvent): Promise<Result<{ attempt: AttemptRecord; device: BenchDevice }>>
  /** Takes back the last key this window recorded on the device, while it is still the device's last event (within the core's grace period). */
  undoLastEvent(deviceId: string): Promise<Result<ResponseOf<'attempts:undo-last-event'>>>
  /** Sets an attempt aside with a reason (kept in the audit trail). */
  voidAttempt(deviceId: string, attemptNumber: number, reason: string): Promise<Result<ResponseOf<'attempts:void-attempt'>>>
  /** The device's readiness for its job, from the core's device card (P asks first when it is not ready). */
  readinessOf(deviceId: string, jobId: string | null): Promise<Result<NonNullable<ResponseOf<'devices:get-device-card'>>['readiness'] | null>>
  /** The device the Bench is re-reading from Intune in the background now (its row says so), or null. */
  checking: string | null
  /**
   * While the Bench is open: re-reads the rows waiting on Intune (profile assignment, not checked yet) in the
   * background, at a modest pace (bench-recheck.ts). Returns the stop function.
   */
  watchWaiting(): () => void
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
export function createBenchStore(api: Api, jobsStore: JobsStore, options: { online?: OnlineSource } = {}) {
  const online: OnlineSource = options.online ?? { isOnline: () => true, subscribe: () => () => undefined }
  let generation = 0
  /** Scans (scan id + device) whose add is in flight or done; the last few are enough, only the newest scan resolves. */
  const added: string[] = []
  /** The `bench.activeJobId` preference as last read or set; shown only while that job is open. */
  let remembered: string | null = null
  let benchError: AppError | null = null
  return createStore<BenchState>()((set, get, store) => {
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
    let keySeq = 0
    const setOwnKeys = (deviceId: string, keys: OwnKey[]) => set({ ownKeys: { ...get().ownKeys, [deviceId]: keys } })
    /**
     * Keys and undos go to the core one after another, in the order pressed: an undo names the newest key
     * this window has, so Ctrl+Z pressed while S is still being saved must wait for S, and a quick second
     * Ctrl+Z must wait for the first (over the loopback transport two calls may otherwise cross).
     */
    let keysInOrder: Promise<unknown> = Promise.resolve()
    const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
      const run = keysInOrder.then(work)
      keysInOrder = run.catch(() => undefined)
      return run
    }
    return {
      jobs: [],
      activeJobId: null,
      devices: [],
      error: null,
      selectedDeviceId: null,
      ownKeys: {},
      undoOffer: null,
      removal: null,
      checking: null,

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

      async addDevice(deviceId, scanId) {
        // A scan resolves its device twice (cache, then online): one call, so one scan recorded (bench_scans). It
        // used to skip a device already at the bench with the active job instead, which called twice for a device at
        // the bench under a job while none was active, and recorded no scan at all when it was scanned again later.
        // A device already at the bench keeps its stage and place (the core); with another active job it moves to it.
        const jobId = get().activeJobId
        // Scanning from any screen lands on the scanned device when the Bench is opened. The next scan is the
        // technician moving on: "Removed … Undo" goes (it stayed until Undo, Dismiss or the next removal).
        set({ selectedDeviceId: deviceId, ...(get().removal ? { removal: null } : {}) })
        const key = `${scanId} ${deviceId}`
        if (added.includes(key)) return null
        added.push(key)
        if (added.length > 20) added.shift()
        // The core records one scan per scanId too, whichever resolution's call arrives.
        const result = await api.invoke('bench:add-device', { deviceId, jobId, scanId })
        if (result.ok) upsert(result.value)
        else {
          // A failed add leaves the scan's next resolution free to try again (still one scan: same id).
          const at = added.indexOf(key)
          if (at >= 0) added.splice(at, 1)
          set({ error: result.error })
        }
        return result
      },

      async removeDevice(deviceId) {
        const result = await api.invoke('bench:remove-device', { deviceId })
        if (!result.ok) return result
        const devices = get().devices
        const at = devices.findIndex((device) => device.deviceId === deviceId)
        // The row beside it, not the first: a walk found the selection jumping to the top of the bench.
        const neighbour = at < 0 ? null : (devices[at + 1] ?? devices[at - 1] ?? null)
        const selected = get().selectedDeviceId
        set({
          devices: devices.filter((device) => device.deviceId !== deviceId),
          selectedDeviceId: selected === deviceId || selected === null ? (neighbour?.deviceId ?? null) : selected,
          removal: result.value.removed ? { removed: result.value.removed, restored: false } : get().removal,
        })
        return result
      },

      async undoRemoval() {
        const removal = get().removal
        if (!removal || removal.restored) return null
        const result = await api.invoke('bench:restore-device', { removed: removal.removed })
        if (get().removal !== removal) return result
        if (!result.ok) {
          set({ removal: null })
          return result
        }
        upsert(result.value)
        set({ removal: { ...removal, restored: true }, selectedDeviceId: result.value.deviceId })
        // Back in its place (the bench is ordered by first scan), not at the end.
        void get().refresh()
        return result
      },

      dismissRemoval() {
        if (get().removal) set({ removal: null })
      },

      recordEvent: (deviceId, event) =>
        inOrder(async () => {
          const result = await api.invoke('attempts:record-event', { deviceId, event })
          if (!result.ok) return result
          const { attempt, device, eventId } = result.value
          const shown = attempt.state.timeline.at(-1)
          if (shown) {
            const key: OwnKey = { eventId, type: shown.type, at: shown.at, label: shown.label, seq: ++keySeq }
            setOwnKeys(deviceId, [...(get().ownKeys[deviceId] ?? []), key].slice(-ownKeysPerDevice))
            set({ undoOffer: { ...key, deviceId } })
            setTimeout(() => {
              if (get().undoOffer?.seq === key.seq) set({ undoOffer: null })
            }, UNDO_OFFER_MS)
          }
          upsert(device)
          return result
        }),

      undoLastEvent: (deviceId) =>
        inOrder(async () => {
          set({ undoOffer: null })
          const key = get().ownKeys[deviceId]?.at(-1)
          if (!key) {
            return fail(
              'conflict',
              'No key pressed in this window is left to undo on this device. To set an attempt aside, void it with a reason (Device card › Attempts).',
            )
          }
          const result = await api.invoke('attempts:undo-last-event', { deviceId, eventId: key.eventId })
          // Undone, or never this window's to undo again (no longer recorded, something recorded after it, past
          // the grace period); after a failed call its fate is unknown, so it is not named again either.
          setOwnKeys(
            deviceId,
            (get().ownKeys[deviceId] ?? []).filter((own) => own !== key),
          )
          if (result.ok && result.value.device) upsert(result.value.device)
          return result
        }),

      async voidAttempt(deviceId, attemptNumber, reason) {
        const result = await api.invoke('attempts:void-attempt', { deviceId, attemptNumber, reason })
        if (result.ok && result.value.device) upsert(result.value.device)
        return result
      },

      async readinessOf(deviceId, jobId) {
        const result = await api.invoke('devices:get-device-card', { id: deviceId, jobId })
        return result.ok ? { ok: true, value: result.value?.readiness ?? null } : result
      },

      watchWaiting() {
        let rows = get().devices
        return startBenchRecheck({
          devices: () => get().devices,
          subscribe: (listener) =>
            store.subscribe((state) => {
              if (state.devices === rows) return
              rows = state.devices
              listener()
            }),
          online,
          refreshDevice: (id) => api.invoke('devices:refresh-device', { id }),
          setChecking: (deviceId) => {
            if (get().checking !== deviceId) set({ checking: deviceId })
          },
        })
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
