import { strings } from './strings'

/** A sync's estimated time left as the technician reads it: "about 2 min left". */
export function formatEta(seconds: number): string {
  if (seconds < 45) return strings.sync.etaUnderMinute
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return strings.sync.eta(strings.sync.minutes(minutes))
  return strings.sync.eta(strings.sync.hours(Math.floor(minutes / 60), minutes % 60))
}
