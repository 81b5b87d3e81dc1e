import { useEffect, useState } from 'react'

/** The current time, re-read every `intervalMs` while `active` (countdowns, elapsed times, a retry still to come); no timer otherwise. */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const tick = () => setNow(Date.now())
    // The first tick right away (not in the effect body): the value may be stale from before `active`.
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [active, intervalMs])
  return now
}
