import { useEffect, useRef, useState } from 'react'
import type { BenchDevice } from '@shared/bench-schemas'
import { playOutcomeSound } from './outcome-sound'

export type Outcome = 'success' | 'failure'
const FLASH_MS = 2400

/**
 * The strong success/failure cue: when a row's stage turns Succeeded or Failed, that row flashes and
 * (unless muted) a sound plays — rising for success, low and double for failure. The rows present at
 * the first render never cue: loading the bench is not an outcome.
 */
export function useOutcomeCue(devices: BenchDevice[], muted: boolean): ReadonlyMap<string, Outcome> {
  const seen = useRef<Map<string, BenchDevice['stage']> | null>(null)
  const [flashing, setFlashing] = useState<ReadonlyMap<string, Outcome>>(new Map())
  useEffect(() => {
    const previous = seen.current
    seen.current = new Map(devices.map((device) => [device.deviceId, device.stage]))
    if (previous === null) return
    const fresh = new Map<string, Outcome>()
    for (const device of devices) {
      const before = previous.get(device.deviceId)
      if (before === undefined || before === device.stage) continue
      if (device.stage === 'succeeded') fresh.set(device.deviceId, 'success')
      else if (device.stage === 'failed') fresh.set(device.deviceId, 'failure')
    }
    if (fresh.size === 0) return
    if (!muted) playOutcomeSound([...fresh.values()].includes('failure') ? 'failure' : 'success')
    // Started from timers (not in the effect body), so a burst of outcomes renders once.
    const start = setTimeout(() => setFlashing((current) => new Map([...current, ...fresh])), 0)
    const stop = setTimeout(() => setFlashing((current) => new Map([...current].filter(([id]) => !fresh.has(id)))), FLASH_MS)
    return () => {
      clearTimeout(start)
      clearTimeout(stop)
    }
  }, [devices, muted])
  return muted ? new Map() : flashing
}
