import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { EventPayload } from '@shared/channels'
import type { AttemptRecord } from '@shared/bench-schemas'
import type { DeviceSummary } from '@shared/device-schemas'
import { call, type Call } from './call'

export interface DiagnosticsState {
  /** The running export's progress (`diagnostics:progress`); null before one starts. */
  progress: EventPayload<'diagnostics:progress'> | null
  /** Builds a bundle; progress is reset first and follows while attached. */
  exportBundle: Call<'diagnostics:export-bundle'>
  /** Reads an archive in memory in the core and returns its review model. */
  openArchive: Call<'diagnostics:open-archive'>
  /** The cached device with this serial and its attempts (oldest first); null when no device has it. */
  findAttempts(serial: string): Promise<{ device: DeviceSummary; attempts: AttemptRecord[] } | null>
  /** Follows export progress while the export panel is shown. Returns the detach function. */
  attach(): () => void
}

/** Diagnostics: export bundles (with progress), open archives, find an attempt by its device's serial. */
export function createDiagnosticsStore(api: Api) {
  const exportBundle = call(api, 'diagnostics:export-bundle')
  return createStore<DiagnosticsState>()((set) => ({
    progress: null,

    exportBundle(request) {
      set({ progress: null })
      return exportBundle(request)
    },

    openArchive: call(api, 'diagnostics:open-archive'),

    async findAttempts(serial) {
      const found = await api.invoke('devices:find-by-serial', { serialNumber: serial.trim() || '?' })
      const device = found.ok ? found.value[0] : undefined
      if (!device) return null
      const listed = await api.invoke('attempts:list-attempts', { deviceId: device.id })
      return { device, attempts: listed.ok ? listed.value.attempts : [] }
    },

    attach() {
      // A panel shown again starts without the last export's progress.
      set({ progress: null })
      return api.on('diagnostics:progress', (progress) => set({ progress }))
    },
  }))
}

export type DiagnosticsStore = ReturnType<typeof createDiagnosticsStore>
