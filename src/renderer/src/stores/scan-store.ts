import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import type { DeviceSummary } from '@shared/device-schemas'
import type { ResponseOf } from '@shared/channels'
import { addBlock, continuesBlocks, emptyBlockState, type BlockState } from '@qr/payload/block-assembler'
import { parsePayload, type ParseError } from '@qr/payload/parse-payload'

/**
 * What was scanned and the device it resolved to. A scan — camera, USB keyboard-wedge scanner or
 * paste — is parsed (src/qr/payload), then looked up: from the local cache at once (≤ 50 ms), then
 * refreshed online by id. The last resolved device is kept here so any screen can follow a scan
 * (the Device card reads `resolved`).
 */
export type ScanOrigin = 'camera' | 'keyboard'

export type ScanQuery = { kind: 'ztdId'; ztdId: string; serialNumber: string | null } | { kind: 'serial'; serialNumber: string }

/** Why nothing was found, each with its own explanation and next step. */
/** An unfinished upload on this PC holding the scanned serial's hash (`registration:find-held-hash`). */
export type HeldUpload = NonNullable<ResponseOf<'registration:find-held-hash'>['upload']>

export type NotFoundReason =
  /** A QR's ZtdId this tenant does not know: wrong tenant, or deleted since the device booted. */
  | 'unknown-ztdid'
  /** Not cached and Intune unreachable: cannot tell yet. */
  | 'unknown-offline'
  /** A serial (typed or a box-label barcode) in no cached record: register it, or sync first. */
  | 'unknown-serial'
  /** A serial in no cached record, but the cache was never synced: nothing can be told yet (never "not registered"). */
  | 'unknown-not-synced'
  /** Not in this tenant, but in another tenant's cache on this bench (`otherTenant`): switch, don't register. */
  | 'other-tenant'
  /** This app's Recycle deleted its Autopilot registration (`deletedAt`): register its hash again, as the bench row says. */
  | 'deleted-here'
  /** An upload on this PC holds its hash (`upload`): Failed, under way, or registered and not synced yet. Not "upload its hash". */
  | 'in-upload'

export interface ScanLookup {
  /** Increases with every accepted scan (focus, flash and announcement follow it). */
  seq: number
  /**
   * This scan's id, unique across restarts: the bench records one scan per id (`bench:add-device` scanId), however
   * many times the scan resolves its device (the cached answer, the online refresh, a pick among several).
   */
  scanId: string
  query: ScanQuery
  origin: ScanOrigin
  /** The keyboard layout whose mangling was undone (wedge scanners on non-US layouts); 'unknown': one the app does not know. */
  layout: string | null
  /** The device id was picked out of part of a code (a cut-off or damaged paste or read), not a whole one. */
  partial?: boolean
  status: 'looking-up' | 'found' | 'multiple' | 'not-found' | 'failed'
  device: DeviceSummary | null
  candidates: DeviceSummary[]
  source: 'cache' | 'online' | null
  refreshing: boolean
  /** Why the shown record could not be refreshed (offline, throttled…), from `devices:refresh-device`. */
  notice: { code: string; message: string } | null
  reason: NotFoundReason | null
  /** The other tenant on this bench whose cache knows the scanned device (only asked after this tenant's cache missed). */
  otherTenant?: { id: string; displayName: string } | null
  /** When this app deleted the device from Windows Autopilot (Register devices › Recycle), for reason 'deleted-here'. */
  deletedAt?: string | null
  /** The unfinished upload on this PC that holds the scanned serial's hash, for reason 'in-upload'. */
  upload?: HeldUpload | null
  /**
   * The scanned registration is gone (this app's Recycle deleted it, or Intune answered "not found") and the shown
   * record is the serial's registration now (its hash was registered again): `ztdId` is the QR's gone id (null for a
   * serial scan), `deletedAt` when this app deleted it (null: gone some other way).
   */
  replaced?: { ztdId: string | null; deletedAt: string | null } | null
  /** For reason 'deleted-here': Intune could not be asked whether the serial was registered again since (offline). */
  intuneNotAsked?: boolean
  error: { code: string; message: string } | null
  /** The serial in the QR differs from the record's (case-insensitive). */
  serialMismatch: { scanned: string; record: string } | null
  /** Milliseconds from the scan to a device on screen from the cache (null if it came later or not at all). */
  cardMs: number | null
}

export interface ScanState {
  lookup: ScanLookup | null
  /** The last scan that could not be read as a device reference. */
  rejected: (ParseError & { seq: number; origin: ScanOrigin }) | null
  /** Multi-block payloads: blocks read so far. */
  blocks: { received: number; total: number } | null
  /**
   * Blocks of an unfinished multi-block code that a later scan ended (another code, a serial, something
   * unreadable): said once, so the technician scans the whole code again. Cleared by the next scan.
   */
  blocksSetAside: { sequences: number[]; total: number } | null
  /** The last device a scan resolved to (`at` increases on every resolution, even of the same id). */
  resolved: { deviceId: string; at: number } | null
  seq: number
  submit(text: string, origin: ScanOrigin): Promise<void>
  /** Picks one of several devices sharing a serial. */
  choose(deviceId: string): Promise<void>
  clear(): void
}

export interface ScanStoreOptions {
  now?: () => number
  /** The camera sees the same code many times a second: repeats within this window are ignored. */
  repeatWindowMs?: number
  /** Told every time a scan resolves a device (the bench adds it to the active job), with the scan's id (ScanLookup.scanId). */
  onResolved?: (deviceId: string, scanId: string) => void
}

const sameSerial = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

export function createScanStore(api: Api, options: ScanStoreOptions = {}) {
  const now = options.now ?? (() => performance.now())
  const repeatWindow = options.repeatWindowMs ?? 3000
  let generation = 0
  let blockState: BlockState = emptyBlockState
  let lastCamera: { text: string; at: number } | null = null

  return createStore<ScanState>()((set, get) => {
    const update = (mine: number, patch: Partial<ScanLookup>) => {
      const lookup = get().lookup
      if (mine !== generation || !lookup) return
      set({ lookup: { ...lookup, ...patch } })
    }

    const resolve = (mine: number, device: DeviceSummary) => {
      const lookup = get().lookup
      if (mine !== generation || !lookup) return
      const previous = get().resolved
      set({ resolved: { deviceId: device.id, at: (previous?.at ?? 0) + 1 } })
      options.onResolved?.(device.id, lookup.scanId)
    }

    const mismatch = (query: ScanQuery, device: DeviceSummary) =>
      query.kind === 'ztdId' && query.serialNumber && device.serialNumber && !sameSerial(query.serialNumber, device.serialNumber)
        ? { scanned: query.serialNumber, record: device.serialNumber }
        : null

    /**
     * The serial's registration now, when the scanned one is gone: the cache first, then (online) Intune by serial
     * (cached on the way). `checked` false: Intune could not be asked, so nothing can be told about a new registration.
     */
    const registrationNow = async (serials: string[], goneId: string | null, cacheChecked = false) => {
      const other = (devices: DeviceSummary[]) => devices.filter((d) => goneId === null || d.id.toLowerCase() !== goneId.toLowerCase())
      if (!cacheChecked) {
        for (const serialNumber of serials) {
          const cached = await api.invoke('devices:find-by-serial', { serialNumber })
          const found = cached.ok ? other(cached.value) : []
          if (found.length > 0) return { devices: found, source: 'cache' as const, checked: true }
        }
      }
      let checked = true
      // A serial and at most two keyboard-layout readings of it: each is one Graph call.
      for (const serialNumber of serials.slice(0, 3)) {
        const online = await api.invoke('devices:find-by-serial-in-intune', { serialNumber })
        if (!online.ok || !online.value.checked) {
          checked = false
          continue
        }
        const found = other(online.value.devices)
        if (found.length > 0) return { devices: found, source: 'online' as const, checked: true }
      }
      return { devices: [] as DeviceSummary[], source: null, checked }
    }

    /** Lands on the serial's registration now (one, or a choice of several), saying the scanned one is gone. */
    const landOnRegistrationNow = async (
      mine: number,
      query: ScanQuery,
      now: { devices: DeviceSummary[]; source: 'cache' | 'online' | null },
      replaced: NonNullable<ScanLookup['replaced']>,
    ) => {
      const serialNumber = now.devices[0]?.serialNumber ?? query.serialNumber ?? ''
      if (now.devices.length > 1) {
        update(mine, { status: 'multiple', candidates: now.devices, replaced, query: { kind: 'serial', serialNumber } })
        return
      }
      const device = now.devices[0] as DeviceSummary
      update(mine, { status: 'found', device, source: now.source, notice: null, reason: null, replaced, serialMismatch: null })
      resolve(mine, device)
      if (now.source === 'cache') await refresh(mine, device.id, query)
    }

    /**
     * A record Intune answered "not found" for: its serial may be registered again under a new record (a Recycle,
     * then its hash uploaded again). True when the scan landed there; else whether Intune could be asked.
     */
    const followRegisteredAgain = async (mine: number, query: ScanQuery, goneId: string) => {
      if (!query.serialNumber) return { landed: false, checked: true }
      const now = await registrationNow([query.serialNumber], goneId)
      if (mine !== generation) return { landed: true, checked: true }
      if (now.devices.length === 0) return { landed: false, checked: now.checked }
      const deleted = await api.invoke('devices:deleted-here', { serialNumber: null, ztdId: goneId })
      if (mine !== generation) return { landed: true, checked: true }
      const deletedAt = deleted.ok ? deleted.value.deletedAt : null
      await landOnRegistrationNow(mine, query, now, { ztdId: query.kind === 'ztdId' ? query.ztdId : null, deletedAt })
      return { landed: true, checked: true }
    }

    /** Online refresh by id; the cached card (if any) stays while it runs. */
    const refresh = async (mine: number, id: string, query: ScanQuery) => {
      update(mine, { refreshing: true })
      const result = await api.invoke('devices:refresh-device', { id })
      if (mine !== generation) return
      const shown = get().lookup?.device ?? null
      if (!result.ok) {
        update(mine, { refreshing: false, ...(shown ? { notice: result.error } : { status: 'failed', error: result.error }) })
        return
      }
      const { device, source, notice } = result.value
      if (device) {
        update(mine, { refreshing: false, status: 'found', device, source, notice, serialMismatch: mismatch(query, device) })
        resolve(mine, device)
      } else if (notice?.code === 'not-found') {
        // Gone from Intune: before any "register it (again)", the serial's registration now, if it has one.
        const again = get().lookup?.otherTenant ? { landed: false, checked: true } : await followRegisteredAgain(mine, query, id)
        if (mine !== generation) return
        if (again.landed) {
          update(mine, { refreshing: false })
          return
        }
        const hints = await missHints(query, query.kind === 'serial' ? 'unknown-serial' : 'unknown-ztdid')
        if (mine !== generation) return
        update(mine, {
          refreshing: false,
          status: 'not-found',
          device: null,
          source: 'online',
          notice: null,
          ...hints,
          intuneNotAsked: hints.reason === 'deleted-here' && !again.checked,
        })
      } else if (shown) {
        update(mine, { refreshing: false, notice })
      } else {
        const hints = await missHints(query, 'unknown-offline')
        if (mine !== generation) return
        update(mine, { refreshing: false, status: 'not-found', notice, ...hints })
      }
    }

    const showCached = (mine: number, started: number, device: DeviceSummary, query: ScanQuery) => {
      update(mine, { status: 'found', device, source: 'cache', cardMs: now() - started, serialMismatch: mismatch(query, device) })
      resolve(mine, device)
    }

    /**
     * When this app's Recycle deleted the device from Windows Autopilot (the latest of the queries'), or null.
     * Asked only once nothing was found; a failure just means no hint.
     */
    const deletedHere = async (queries: ScanQuery[]) => {
      let latest: string | null = null
      for (const query of queries) {
        const answer = await api.invoke('devices:deleted-here', { serialNumber: query.serialNumber, ztdId: query.kind === 'ztdId' ? query.ztdId : null })
        const at = answer.ok ? answer.value.deletedAt : null
        if (at !== null && (latest === null || at > latest)) latest = at
      }
      return latest
    }

    /** The newest unfinished upload on this PC holding one of these serials' hashes, or null. Asked only after a miss; a failure means no hint. */
    const heldUpload = async (serials: Array<string | null>) => {
      for (const serialNumber of serials) {
        if (!serialNumber) continue
        const answer = await api.invoke('registration:find-held-hash', { serialNumber })
        if (answer.ok && answer.value.upload) return answer.value.upload
      }
      return null
    }

    /**
     * Why a device Intune does not know may still be known here: another tenant's cache on this bench (asked
     * first, kept on the lookup), this app's Recycle deleting it, or an upload on this PC holding its hash.
     */
    const missHints = async (query: ScanQuery, otherwise: NotFoundReason) => {
      const elsewhere = get().lookup?.otherTenant ?? null
      const deletedAt = elsewhere ? null : await deletedHere([query])
      const upload = elsewhere || deletedAt ? null : await heldUpload([query.serialNumber])
      const reason: NotFoundReason = elsewhere ? 'other-tenant' : deletedAt ? 'deleted-here' : upload ? 'in-upload' : otherwise
      return { deletedAt, upload, reason }
    }

    /** Asked only after the active cache missed; a failure just means no hint. */
    const findElsewhere = async (query: { serialNumber: string | null; ztdId: string | null }) => {
      const answer = await api.invoke('devices:find-in-other-tenants', query)
      return answer.ok ? answer.value.otherTenant : null
    }

    const lookUpId = async (mine: number, started: number, query: Extract<ScanQuery, { kind: 'ztdId' }>) => {
      const cached = await api.invoke('devices:get-device', { id: query.ztdId })
      if (mine !== generation) return
      if (cached.ok && cached.value) showCached(mine, started, cached.value, query)
      else {
        // Missed here: a device of another tenant on this bench is told as such whatever Intune answers next.
        // The QR names no tenant (docs/reference/graph-api.md §A1.4): its ZtdId and serial are what can be matched.
        const otherTenant = await findElsewhere({ serialNumber: query.serialNumber, ztdId: query.ztdId })
        if (mine !== generation) return
        update(mine, { otherTenant })
        // This app's Recycle deleted the QR's registration (asked by its id only: an earlier deletion of the serial says
        // nothing about this id), and the serial is cached under a new record: that record is the device on the bench,
        // at once from the cache. The PC's screen still shows the QR of the registration it read (the app knows no more).
        if (!otherTenant && query.serialNumber) {
          const deleted = await api.invoke('devices:deleted-here', { serialNumber: null, ztdId: query.ztdId })
          if (mine !== generation) return
          const deletedAt = deleted.ok ? deleted.value.deletedAt : null
          if (deletedAt) {
            const current = await registrationNow([query.serialNumber], query.ztdId)
            if (mine !== generation) return
            if (current.devices.length > 0) {
              if (current.source === 'cache') update(mine, { cardMs: now() - started })
              await landOnRegistrationNow(mine, query, current, { ztdId: query.ztdId, deletedAt })
            } else {
              // Not registered again, as far as the cache and Intune (when it could be asked) know.
              update(mine, { status: 'not-found', reason: 'deleted-here', deletedAt, source: 'online', intuneNotAsked: !current.checked })
            }
            return
          }
        }
      }
      await refresh(mine, query.ztdId, query)
    }

    const lookUpSerial = async (mine: number, started: number, serials: string[]) => {
      const query: ScanQuery = { kind: 'serial', serialNumber: serials[0] as string }
      for (const serialNumber of serials) {
        const found = await api.invoke('devices:find-by-serial', { serialNumber })
        if (mine !== generation) return
        if (!found.ok) {
          update(mine, { status: 'failed', error: found.error })
          return
        }
        if (found.value.length === 1) {
          const device = found.value[0] as DeviceSummary
          update(mine, { query: { kind: 'serial', serialNumber } })
          showCached(mine, started, device, query)
          await refresh(mine, device.id, { kind: 'serial', serialNumber })
          return
        }
        if (found.value.length > 1) {
          update(mine, { status: 'multiple', candidates: found.value, query: { kind: 'serial', serialNumber } })
          return
        }
      }
      // Another tenant's cache on this bench knows it: say which, and never suggest uploading its hash.
      for (const serialNumber of serials) {
        const otherTenant = await findElsewhere({ serialNumber, ztdId: null })
        if (mine !== generation) return
        if (otherTenant) {
          update(mine, { status: 'not-found', reason: 'other-tenant', otherTenant, query: { kind: 'serial', serialNumber } })
          return
        }
      }
      // Deleted from Windows Autopilot by this app: said with when, as the bench row says it ("register it" alone hid why).
      const deletedAt = await deletedHere(serials.map((serialNumber) => ({ kind: 'serial', serialNumber })))
      if (mine !== generation) return
      if (deletedAt) {
        // The cache missed every reading of the serial; before "register it again", is Intune's list ahead of the cache
        // (its hash uploaded again elsewhere, or not synced yet)?
        const current = await registrationNow(serials, null, true)
        if (mine !== generation) return
        if (current.devices.length > 0) await landOnRegistrationNow(mine, query, current, { ztdId: null, deletedAt })
        else update(mine, { status: 'not-found', reason: 'deleted-here', deletedAt, intuneNotAsked: !current.checked })
        return
      }
      // Its hash is in an upload on this PC (Failed, or still on its way): uploading it again is not the answer.
      const upload = await heldUpload(serials)
      if (mine !== generation) return
      if (upload) {
        update(mine, { status: 'not-found', reason: 'in-upload', upload })
        return
      }
      // An empty cache knows nothing: a registered device must not be sent off to be imported again.
      const status = await api.invoke('sync:get-status', {})
      if (mine !== generation) return
      const synced = status.ok && status.value.lastSuccessAt !== null
      update(mine, { status: 'not-found', reason: synced ? 'unknown-serial' : 'unknown-not-synced' })
    }

    const begin = (query: ScanQuery, origin: ScanOrigin, layout: string | null, partial = false): { mine: number; started: number } => {
      const started = now()
      const mine = ++generation
      const seq = get().seq + 1
      set({
        seq,
        rejected: null,
        lookup: {
          seq,
          scanId: crypto.randomUUID(),
          query,
          origin,
          layout,
          partial,
          status: 'looking-up',
          device: null,
          candidates: [],
          source: null,
          refreshing: false,
          notice: null,
          reason: null,
          otherTenant: null,
          deletedAt: null,
          replaced: null,
          intuneNotAsked: false,
          error: null,
          serialMismatch: null,
          cardMs: null,
        },
      })
      return { mine, started }
    }

    return {
      lookup: null,
      rejected: null,
      blocks: null,
      blocksSetAside: null,
      resolved: null,
      seq: 0,

      async submit(text, origin) {
        if (origin === 'camera') {
          const at = now()
          if (lastCamera && lastCamera.text === text && at - lastCamera.at < repeatWindow) {
            lastCamera = { text, at }
            return
          }
          lastCamera = { text, at }
        }
        const parsed = parsePayload(text)
        // Only a further block of the same code continues a partial one; any other scan ends it, and says so,
        // or "Block 1 of 2 read" stayed on screen under the results of the scans after it.
        const at = Date.now()
        const continues = parsed.ok && parsed.value.kind === 'block' && continuesBlocks(blockState, parsed.value, at)
        const buffered = Object.keys(blockState.blocks).map(Number)
        if (!continues && buffered.length > 0) {
          set({ blocks: null, blocksSetAside: { sequences: buffered.sort((a, b) => a - b), total: blockState.total } })
          blockState = emptyBlockState
        } else set({ blocksSetAside: null })
        if (!parsed.ok) {
          const seq = get().seq + 1
          generation++
          set({ seq, rejected: { ...parsed.error, seq, origin } })
          return
        }
        let payload = parsed.value
        if (payload.kind === 'block') {
          const outcome = addBlock(blockState, payload, at)
          blockState = outcome.state
          if (outcome.status === 'waiting') {
            set({ blocks: { received: outcome.received, total: outcome.total } })
            return
          }
          set({ blocks: null })
          if (outcome.status === 'error') {
            const seq = get().seq + 1
            set({ seq, rejected: { code: 'invalid-blocks', message: outcome.message, seq, origin } })
            return
          }
          payload = outcome.payload
        }
        if (payload.kind === 'serial') {
          const { mine, started } = begin({ kind: 'serial', serialNumber: payload.serialNumber }, origin, null)
          await lookUpSerial(mine, started, [payload.serialNumber, ...payload.alternatives])
          return
        }
        const query: ScanQuery = { kind: 'ztdId', ztdId: payload.ztdId, serialNumber: payload.serialNumber }
        const { mine, started } = begin(query, origin, payload.layout, payload.partial ?? false)
        await lookUpId(mine, started, query)
      },

      async choose(deviceId) {
        const lookup = get().lookup
        const device = lookup?.candidates.find((candidate) => candidate.id === deviceId)
        if (!lookup || !device) return
        const mine = ++generation
        set({ lookup: { ...lookup, status: 'found', device, source: 'cache', candidates: [] } })
        resolve(mine, device)
        await refresh(mine, device.id, lookup.query)
      },

      clear() {
        generation++
        blockState = emptyBlockState
        lastCamera = null
        set({ lookup: null, rejected: null, blocks: null, blocksSetAside: null })
      },
    }
  })
}

export type ScanStore = ReturnType<typeof createScanStore>
