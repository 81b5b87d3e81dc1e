/**
 * Time for the mock: an injectable clock plus Intune's delays scaled by `speed`.
 *
 * Every behaviour over time (assignment, import processing, sync, ESP phases, the classic report's
 * lag) is computed from `clock.now()` and the nominal delays below divided by `speed`. Timestamps in
 * responses are clock time; only the durations shrink (mock choice: a speed-60 demo shows real
 * dates, and Retry-After always tells the client the true remaining wait).
 *
 * Tests inject a ManualClock; the standalone mock can be moved forward with POST /_sim/clock/advance.
 */
export interface MockClock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** Wall clock plus an offset that only ever grows (for /_sim/clock/advance). */
export class SystemClock implements MockClock {
  private offset = 0

  now(): number {
    return Date.now() + this.offset
  }

  advance(ms: number): void {
    this.offset += Math.max(0, ms)
  }
}

/** A clock that moves only when told to; the tests' way of waiting ten minutes in no time. */
export class ManualClock implements MockClock {
  constructor(private current = Date.UTC(2025, 6, 1, 9, 0, 0)) {}

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += Math.max(0, ms)
  }

  set(ms: number): void {
    this.current = ms
  }
}

export const canAdvance = (clock: MockClock): clock is MockClock & { advance(ms: number): void } =>
  typeof (clock as { advance?: unknown }).advance === 'function'

const SECOND = 1000
const MINUTE = 60 * SECOND

/**
 * Nominal Intune delays at speed 1. Sources: sync rule 10 min (docs/reference/autopilot.md §9, docs/reference/graph-api.md
 * §B4); import ≈ 95 s for one device (§B3); the rest are mock choices, sized like a real tenant.
 */
export const NOMINAL_DELAYS = {
  /** A changed assignment stays `pending` (Assigning) this long (mock choice). */
  assignmentPending: 5 * MINUTE,
  /** …then `assignedUnkownSyncState` until the device is confirmed (mock choice). */
  assignmentConfirm: 1 * MINUTE,
  /** Manual sync: at most one per 10 minutes (§B4). */
  syncInterval: 10 * MINUTE,
  /** A sync stays `inProgress` this long (mock choice). */
  syncDuration: 1 * MINUTE,
  /** Import processing, `unknown` → `complete`/`error` (§B3: ≈ 95 s). */
  importProcessing: 95 * SECOND,
  /** A completed import's identity becomes GET-able this much later, or at the end of a sync (mock choice). */
  importToIdentity: 5 * MINUTE,
  /** The classic deployment report is not real-time (§6.2); rows appear this late (mock choice). */
  autopilotEventLag: 10 * MINUTE,
  /** Fix pending resolves (hardware re-registered, or Attention required) after this (mock choice). */
  remediation: 15 * MINUTE,
} as const

export type DelayName = keyof typeof NOMINAL_DELAYS

/** Nominal durations scaled by the speed factor. */
export class Timing {
  constructor(readonly speed: number) {}

  delay(name: DelayName): number {
    return NOMINAL_DELAYS[name] / this.speed
  }

  scale(nominalMs: number): number {
    return nominalMs / this.speed
  }
}
