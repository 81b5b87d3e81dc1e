import { useEffect, useState } from 'react'

/** The current time, re-read every `intervalMs` while `ticking` (elapsed times on the bench). */
export function useNow(ticking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [ticking, intervalMs])
  return now
}
