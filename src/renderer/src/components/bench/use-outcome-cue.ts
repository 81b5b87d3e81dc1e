import { useEffect, useRef, useState } from 'react'
import type { BenchDevice } from '@shared/bench-schemas'
import { playOutcomeSound } from './outcome-sound'

export type Outcome = 'success' | 'failure'
const FLASH_MS = 2400

/** A row's flash, and which cue started it (a later cue on the same row outlives an earlier one's end). */
type Flash = { outcome: Outcome; cue: number }

/**
 * The strong success/failure cue: when a row's stage turns Succeeded or Failed, that row flashes and
 * (unless muted) a sound plays — rising for success, low and double for failure. The rows present at
 * the first render never cue: loading the bench is not an outcome. Nor is an undo: taking back R, or a
 * stray P after a failure, turns the row Succeeded or Failed again, but since an earlier time than the
 * stage it leaves (the core dates the stage from the attempt's last remaining event); a new outcome
 * is always later than the stage before it.
 *
 * A flash ends FLASH_MS after it started, whatever the bench does meanwhile: its timers are not the
 * effect's (a re-read of the bench right after the key used to cancel the end, and the row kept its
 * flash class: a fixed outline with reduced motion, and no flash for that row's next outcome).
 */
export function useOutcomeCue(devices: BenchDevice[], muted: boolean): ReadonlyMap<string, Outcome> {
  const seen = useRef<Map<string, Pick<BenchDevice, 'stage' | 'stageSince'>> | null>(null)
  const [flashing, setFlashing] = useState<ReadonlyMap<string, Flash>>(new Map())
  const timers = useRef(new Set<number>())
  const cues = useRef(0)
  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const timer of pending) window.clearTimeout(timer)
      pending.clear()
    }
  }, [])
  useEffect(() => {
    const previous = seen.current
    seen.current = new Map(devices.map((device) => [device.deviceId, { stage: device.stage, stageSince: device.stageSince }]))
    if (previous === null) return
    const fresh = new Map<string, Outcome>()
    for (const device of devices) {
      const before = previous.get(device.deviceId)
      if (before === undefined || before.stage === device.stage) continue
      if (!(Date.parse(device.stageSince) > Date.parse(before.stageSince))) continue
      if (device.stage === 'succeeded') fresh.set(device.deviceId, 'success')
      else if (device.stage === 'failed') fresh.set(device.deviceId, 'failure')
    }
    if (fresh.size === 0) return
    if (!muted) playOutcomeSound([...fresh.values()].includes('failure') ? 'failure' : 'success')
    const cue = ++cues.current
    const later = (ms: number, work: () => void) => {
      const timer = window.setTimeout(() => {
        timers.current.delete(timer)
        work()
      }, ms)
      timers.current.add(timer)
    }
    // Started from timers (not in the effect body), so a burst of outcomes renders once.
    later(0, () => setFlashing((current) => new Map([...current, ...[...fresh].map(([id, outcome]): [string, Flash] => [id, { outcome, cue }])])))
    later(FLASH_MS, () => setFlashing((current) => new Map([...current].filter(([, flash]) => flash.cue !== cue))))
  }, [devices, muted])
  if (muted) return new Map()
  return new Map([...flashing].map(([id, flash]) => [id, flash.outcome]))
}
