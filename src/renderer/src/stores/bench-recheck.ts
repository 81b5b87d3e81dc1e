import type { BenchDevice } from '@shared/bench-schemas'
import type { RefreshDeviceResponse } from '@shared/device-schemas'
import type { ReadinessRuleId } from '@shared/domain/readiness'
import type { Result } from '@shared/result'

/**
 * The pace of the Bench's background re-reads: one device at a time, each device at most every 45 s
 * (counted from its record's last read from Intune, by whatever read it), 2 s between two devices, and a
 * minute's pause after Intune throttled or could not be reached.
 */
export const RECHECK_PACE = { perDeviceMs: 45_000, gapMs: 2_000, pauseMs: 60_000 }

/** Answers that mean "ask Intune less now": throttled, busy, or not reachable. */
const pauseCodes: ReadonlySet<string> = new Set(['throttled', 'busy', 'wait-too-long', 'offline', 'not-graph', 'stalled', 'timeout'])

/** Readiness items whose next step is Intune's (an assignment, a check-in, a change reaching it), not the technician's. */
const intuneDecides: ReadonlySet<string> = new Set<ReadinessRuleId>(['profile-assigned', 'remediation', 'pending-changes'])

/**
 * A row before Provision whose badge waits on Intune: "Wait for profile assignment" and the like, or
 * "? Not checked" (something not read yet, e.g. a device just registered by upload). A fresh read of the
 * device from Intune is what turns it Ready.
 */
export function waitsOnIntune(device: BenchDevice): boolean {
  if (device.stage !== 'scanned' && device.stage !== 'ready') return false
  if (device.inCache === false || !device.readiness || device.readiness.level === 'ready') return false
  return device.readiness.level === 'unknown' || (device.readiness.ruleId !== null && intuneDecides.has(device.readiness.ruleId))
}

export interface OnlineSource {
  /** False once the app knows Intune cannot be reached; unknown counts as online (the read will tell). */
  isOnline(): boolean
  subscribe(listener: () => void): () => void
}

export interface RecheckDeps {
  devices(): BenchDevice[]
  /** Called when the bench rows change, so the next read is planned again. */
  subscribe(listener: () => void): () => void
  online: OnlineSource
  /** The one refresh path (devices:refresh-device), as the scan's online refresh and the card's Refresh from Intune. */
  refreshDevice(deviceId: string): Promise<Result<RefreshDeviceResponse>>
  /** The device being read now (the row says "checking"), or null. */
  setChecking(deviceId: string | null): void
}

/**
 * Re-reads the bench rows that wait on Intune, in the background, while the Bench is open and the app
 * online. A walk found rows saying "Wait for profile assignment" three minutes after Intune had assigned
 * it, until the device was scanned again. Nothing waits, or offline: no timer runs. Returns the stop function.
 */
export function startBenchRecheck(deps: RecheckDeps): () => void {
  const lastTried = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false
  let stopped = false
  let pausedUntil = 0
  let lastEnded = Number.NEGATIVE_INFINITY

  const dueAt = (device: BenchDevice) => {
    const read = device.checkedAt ? Date.parse(device.checkedAt) : Number.NaN
    const tried = lastTried.get(device.deviceId) ?? Number.NEGATIVE_INFINITY
    return Math.max(Number.isNaN(read) ? Number.NEGATIVE_INFINITY : read, tried) + RECHECK_PACE.perDeviceMs
  }
  const waiting = () => deps.devices().filter(waitsOnIntune)

  const plan = () => {
    if (stopped || running) return
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (!deps.online.isOnline()) return
    const due = waiting().map(dueAt)
    if (due.length === 0) return
    const at = Math.max(Math.min(...due), pausedUntil, lastEnded + RECHECK_PACE.gapMs)
    timer = setTimeout(() => void run(), Math.max(0, at - Date.now()))
  }

  const run = async () => {
    timer = null
    if (stopped || !deps.online.isOnline()) return
    const now = Date.now()
    const next = waiting()
      .map((device) => ({ device, due: dueAt(device) }))
      .filter((entry) => entry.due <= now)
      .sort((a, b) => a.due - b.due)[0]
    if (!next) return plan()
    const id = next.device.deviceId
    running = true
    lastTried.set(id, now)
    deps.setChecking(id)
    try {
      const result = await deps.refreshDevice(id)
      const code = result.ok ? (result.value.notice?.code ?? null) : result.error.code
      if (code !== null && pauseCodes.has(code)) pausedUntil = Date.now() + RECHECK_PACE.pauseMs
    } catch {
      pausedUntil = Date.now() + RECHECK_PACE.pauseMs
    } finally {
      running = false
      lastEnded = Date.now()
      if (!stopped) {
        deps.setChecking(null)
        plan()
      }
    }
  }

  const unsubscribeRows = deps.subscribe(plan)
  const unsubscribeOnline = deps.online.subscribe(plan)
  plan()
  return () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    unsubscribeRows()
    unsubscribeOnline()
    deps.setChecking(null)
  }
}
