import type { DecodeReply } from './decoder-client'

/**
 * The capture loop: grab a frame, hand it to the Worker, wait for the answer, repeat — one frame in
 * flight, never faster than `minIntervalMs`. The UI thread only grabs (GPU-side ImageBitmap) and
 * draws; a slow decode lowers the rate instead of queueing frames.
 */
export interface ScanLoopDeps {
  grab(): Promise<ImageBitmap | null>
  decode(bitmap: ImageBitmap): Promise<DecodeReply>
  onResult(reply: DecodeReply): void
  onError(error: Error): void
  minIntervalMs?: number
  now?: () => number
  schedule?: (run: () => void, ms: number) => () => void
}

export interface ScanLoop {
  stop(): void
  /** Decode attempts in the last second. */
  attemptsPerSecond(): number
}

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms)
  return () => clearTimeout(timer)
}

export function startScanLoop(deps: ScanLoopDeps): ScanLoop {
  const minInterval = deps.minIntervalMs ?? 50
  const now = deps.now ?? (() => performance.now())
  const schedule = deps.schedule ?? defaultSchedule
  const attempts: number[] = []
  let stopped = false
  let cancel: () => void = () => {}

  const tick = async () => {
    if (stopped) return
    const started = now()
    try {
      const bitmap = await deps.grab()
      if (bitmap && !stopped) {
        const reply = await deps.decode(bitmap)
        attempts.push(now())
        if (!stopped) deps.onResult(reply)
      } else {
        bitmap?.close()
      }
    } catch (error) {
      if (!stopped) deps.onError(error instanceof Error ? error : new Error(String(error)))
    }
    if (stopped) return
    cancel = schedule(() => void tick(), Math.max(0, minInterval - (now() - started)))
  }
  cancel = schedule(() => void tick(), 0)

  return {
    stop() {
      stopped = true
      cancel()
    },
    attemptsPerSecond() {
      const horizon = now() - 1000
      while (attempts.length > 0 && (attempts[0] as number) < horizon) attempts.shift()
      return attempts.length
    },
  }
}
