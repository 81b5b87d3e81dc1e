import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { ResponseOf } from '@shared/channels'
import type { CheckFilesResponse, PrestagePlan } from '@shared/registration-schemas'
import type { DeviceSummary } from '@shared/device-schemas'
import type { Result } from '@shared/result'
import { followTopics } from './follow-topics'
import { call, type Call } from './call'
import { bytesToBase64 } from '../components/diagnostics/bytes'

type Status = ResponseOf<'registration:get-status'>
type CleanExport = ResponseOf<'registration:export-clean-csv'>
type Discarded = ResponseOf<'registration:discard-import'>

export interface RegistrationState {
  /** The last check of dropped files; nothing is uploaded until `confirm`. */
  check: CheckFilesResponse | null
  /** When `check` was made, if it was kept from before this window (a restart of the app): the screen says so. */
  checkedBefore: string | null
  /** The current (or last) upload and the recent ones. */
  status: Status | null
  /** What is running: reading and checking files, confirming, exporting. */
  busy: 'checking' | 'confirming' | 'exporting' | null
  error: { code: string; message: string } | null
  /** Reads the files and checks them in the core (no upload). */
  checkFiles(files: readonly File[]): Promise<void>
  /** Queues the checked rows for upload; the core uploads them in batches of 500. */
  confirm(): Promise<boolean>
  /** The accepted rows as CSV files Intune's own upload accepts. */
  exportClean(): Promise<CleanExport | null>
  /** Forgets the check (drop other files); the core deletes it too, so it does not come back at the next start. */
  discard(): void
  loadStatus(): Promise<void>
  /** The import the screen shows when the technician picked one (a Failed one behind the one being sent); null: the core's choice. */
  shownImportId: string | null
  showImport(importId: string | null): Promise<void>
  /** A Failed upload (or one waiting between tries) is tried again now. */
  retryImport(importId: string): Promise<Result<unknown>>
  /** Abandons it, unless Intune is still processing some of it (or, without `evenIfUnchecked`, cannot be asked). */
  discardImport(importId: string, evenIfUnchecked: boolean): Promise<Result<Discarded>>
  /** Its devices not registered yet, as clean CSVs (their hashes are kept until it is discarded). */
  exportImport(importId: string): Promise<Result<CleanExport>>
  /** Recycle: what the device has in Intune, so only the steps that apply are offered. */
  getRecyclePlan: Call<'recycle:get-plan'>
  /** Recycle: the cached devices with this serial (at most 2; serials are not unique across OEMs). */
  findDevice(serial: string): Promise<Result<DeviceSummary[]>>
  /** Recycle: one action step; destructive ones carry the serial typed again. */
  runRecycleStep: Call<'recycle:run-step'>
  /** Bulk pre-staging: the plan of the chosen job, re-read while shown as the outbox delivers. */
  prestage: PrestagePlan | null
  prestageJobId: string | null
  loadPrestage(jobId: string | null): Promise<void>
  applyPrestage(): Promise<void>
  /** Follows upload progress while the Register screen is shown. Returns the detach function. */
  attach(): () => void
}

/** 150 MB of Base64 per check (the channel's limit): about 110 MB of files. */
const MAX_TOTAL_BYTES = 110 * 1024 * 1024

/** Register devices by hardware hash: check dropped CSVs, confirm, follow the upload (docs/registration.md). */
export function createRegistrationStore(api: Api) {
  return createStore<RegistrationState>()((set, get) => ({
    check: null,
    checkedBefore: null,
    status: null,
    busy: null,
    error: null,

    async checkFiles(files) {
      if (files.length === 0) return
      const total = files.reduce((sum, file) => sum + file.size, 0)
      if (total > MAX_TOTAL_BYTES) {
        set({ error: { code: 'invalid', message: 'These files are larger than 110 MB together. Check them in smaller groups.' } })
        return
      }
      set({ busy: 'checking', error: null })
      try {
        const payload = await Promise.all(
          files.slice(0, 20).map(async (file) => ({ name: file.name, dataBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) })),
        )
        const result = await api.invoke('registration:check-files', { files: payload })
        if (result.ok) set({ check: result.value, checkedBefore: null })
        else set({ error: result.error })
      } catch (caught) {
        set({ error: { code: 'invalid', message: (caught as Error).message } })
      } finally {
        set({ busy: null })
      }
    },

    async confirm() {
      const check = get().check
      if (!check) return false
      set({ busy: 'confirming', error: null })
      const result = await api.invoke('registration:confirm-upload', { checkId: check.checkId })
      set({ busy: null })
      if (!result.ok) {
        set({ error: result.error })
        return false
      }
      // The screen follows the upload just confirmed: with a big import still listed, the core's choice (the oldest
      // unfinished) kept the big one above and the clerk's own upload went to "Other imports", far below.
      set({ check: null, checkedBefore: null, shownImportId: result.value.id, status: { current: result.value, recent: get().status?.recent ?? [] } })
      void get().loadStatus()
      return true
    },

    async exportClean() {
      const check = get().check
      if (!check) return null
      set({ busy: 'exporting', error: null })
      const result = await api.invoke('registration:export-clean-csv', { checkId: check.checkId })
      set({ busy: null })
      if (!result.ok) {
        set({ error: result.error })
        return null
      }
      return result.value
    },

    discard() {
      const check = get().check
      set({ check: null, checkedBefore: null, error: null })
      if (!check) return
      void api.invoke('registration:discard-draft', { checkId: check.checkId }).then((result) => {
        if (!result.ok) set({ error: result.error })
      })
    },

    prestage: null,
    prestageJobId: null,

    async loadPrestage(jobId) {
      set({ prestageJobId: jobId, ...(jobId === get().prestageJobId ? {} : { prestage: null }) })
      if (!jobId) return
      const result = await api.invoke('prestage:get-plan', { jobId })
      if (get().prestageJobId !== jobId) return
      if (result.ok) set({ prestage: result.value })
      else set({ error: result.error })
    },

    async applyPrestage() {
      const jobId = get().prestageJobId
      if (!jobId) return
      const result = await api.invoke('prestage:apply', { jobId })
      if (result.ok) set({ prestage: result.value })
      else set({ error: result.error })
    },

    findDevice: (serial) => api.invoke('devices:find-by-serial', { serialNumber: serial.trim() || '?' }),
    runRecycleStep: call(api, 'recycle:run-step'),
    getRecyclePlan: call(api, 'recycle:get-plan'),

    async loadStatus() {
      const importId = get().shownImportId
      const result = await api.invoke('registration:get-status', { importId })
      if (!result.ok) return
      // The picked import is gone (a new check replaced nothing, but a restore might): back to the core's choice.
      if (importId && !result.value.current) {
        set({ shownImportId: null })
        return get().loadStatus()
      }
      set({ status: result.value })
    },

    shownImportId: null,
    async showImport(importId) {
      set({ shownImportId: importId })
      await get().loadStatus()
    },

    async retryImport(importId) {
      const result = await api.invoke('registration:retry-import', { importId })
      if (result.ok) await get().loadStatus()
      return result
    },

    async discardImport(importId, evenIfUnchecked) {
      const result = await api.invoke('registration:discard-import', { importId, evenIfUnchecked })
      if (result.ok) await get().loadStatus()
      return result
    },

    exportImport: (importId) => api.invoke('registration:export-clean-csv', { checkId: importId }),

    attach() {
      void get().loadStatus()
      // A check not uploaded before the app restarted (200 hashes checked, then a restart) comes back as it was.
      if (!get().check)
        void api.invoke('registration:get-draft', {}).then((result) => {
          if (result.ok && result.value.draft && !get().check && get().busy === null) {
            const { checkedAt, ...check } = result.value.draft
            set({ check, checkedBefore: checkedAt })
          }
        })
      // The plan kept from the last visit is re-read too: the outbox events of the changes discarded or made
      // meanwhile (Changes screen, a device card) came while nothing followed them, and the panel still said
      // "1 failed", "Failed (see Changes)" and "Apply to 0 devices" until the next change.
      const shownJob = get().prestageJobId
      if (shownJob) void get().loadPrestage(shownJob)
      const detachStatus = followTopics(api, ['registration'], () => void get().loadStatus())
      const detachPlan = followTopics(api, ['outbox', 'devices', 'manifest', 'jobs'], () => void get().loadPrestage(get().prestageJobId))
      return () => {
        detachStatus()
        detachPlan()
      }
    },
  }))
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>
