import { useMemo } from 'react'
import { createDateFormatter, type DateFormatter } from '../format-date'
import { useAppStore } from '../stores/stores-context'

/** The formatter for the tenant's time zone from `app:get-info` (this machine's zone until it arrives). */
export function useDateFormatter(): DateFormatter {
  const timeZone = useAppStore((state) => state.info?.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  return useMemo(() => createDateFormatter(timeZone), [timeZone])
}
