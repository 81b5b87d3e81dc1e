import { useMemo } from 'react'
import { useJobsStore } from '../stores/stores-context'
import { openJobsOf } from '../stores/jobs-store'

/**
 * Jobs from the jobs store (read once for the whole window, re-read on the `jobs` and `manifest`
 * topics): open ones, or all of them with `includeClosed`. `jobs` is null until the first answer.
 */
export function useJobs(includeClosed: boolean) {
  const all = useJobsStore((state) => state.jobs)
  const error = useJobsStore((state) => state.error)
  const refresh = useJobsStore((state) => state.refresh)
  const jobs = useMemo(() => (all === null ? null : includeClosed ? all : openJobsOf(all)), [all, includeClosed])
  return { jobs, error, reload: refresh }
}
