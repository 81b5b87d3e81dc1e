/**
 * Intune-style throttling (docs/reference/graph-api.md §B10): per app per tenant, at most 100 writes
 * (POST/PUT/PATCH/DELETE) and 1000 requests of any kind per 20 seconds — the "Intune device
 * enrollment" family's budget, which the contract assumes for Autopilot (its includes don't name the
 * Autopilot resources).
 *
 * Mock choice: a token bucket per budget (capacity = the budget, refilled continuously over 20 s), one
 * pair of buckets per bearer token (= per app; the mock has one tenant). A throttled request takes no
 * tokens. Retry-After is the time until one token is back, in seconds with up to three decimals —
 * fractional, as in the docs' "Retry-After: 2.128" (§B10) — and a whole number once it is ≥ 1 s.
 */
export type ThrottleMode = 'off' | 'intune'

export const WINDOW_MS = 20_000
export const WRITE_BUDGET = 100
export const REQUEST_BUDGET = 1000

class TokenBucket {
  private tokens: number
  private updated: number

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity
    this.updated = now
  }

  private refill(now: number): void {
    if (now > this.updated) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) * this.capacity) / this.windowMs)
    this.updated = Math.max(this.updated, now)
  }

  /** 0 when a token is available (not taken yet); otherwise ms until one is. */
  wait(now: number): number {
    this.refill(now)
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * this.windowMs) / this.capacity
  }

  take(): void {
    this.tokens -= 1
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Formats seconds the way Retry-After is sent: up to 3 decimals below 1 s, whole seconds above. */
export function formatRetryAfter(seconds: number): string {
  if (seconds >= 1) return String(Math.ceil(seconds))
  return String(Math.max(0.001, Math.ceil(seconds * 1000) / 1000))
}

export class Throttle {
  private readonly apps = new Map<string, { all: TokenBucket; writes: TokenBucket }>()

  constructor(public mode: ThrottleMode) {}

  /** Undefined when the request may proceed (and is counted); otherwise the Retry-After value. */
  check(app: string, method: string, now: number): string | undefined {
    if (this.mode === 'off') return undefined
    let buckets = this.apps.get(app)
    if (!buckets) {
      buckets = { all: new TokenBucket(REQUEST_BUDGET, WINDOW_MS, now), writes: new TokenBucket(WRITE_BUDGET, WINDOW_MS, now) }
      this.apps.set(app, buckets)
    }
    const write = WRITES.has(method)
    const waitMs = Math.max(buckets.all.wait(now), write ? buckets.writes.wait(now) : 0)
    if (waitMs > 0) return formatRetryAfter(waitMs / 1000)
    buckets.all.take()
    if (write) buckets.writes.take()
    return undefined
  }
}
