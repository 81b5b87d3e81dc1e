import { useCallback, useEffect, useState } from 'react'
import type { BenchJob } from '@shared/bench-schemas'
import type { AppError } from '@shared/result'
import { useApi } from '../../api/api-context'

/** Jobs for the Jobs screen, closed ones too when asked; re-read whenever jobs or manifests change. */
export function useJobList(includeClosed: boolean) {
  const api = useApi()
  const [jobs, setJobs] = useState<BenchJob[] | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((value) => value + 1), [])

  useEffect(() => {
    let live = true
    void api.invoke('jobs:list-jobs', { includeClosed }).then((result) => {
      if (!live) return
      if (result.ok) {
        setJobs(result.value.jobs)
        setError(null)
      } else setError(result.error)
    })
    return () => {
      live = false
    }
  }, [api, includeClosed, version])

  useEffect(
    () =>
      api.on('db:changed', (payload) => {
        if (payload.tables.some((table) => table === 'bench_jobs' || table === 'job_manifest')) reload()
      }),
    [api, reload],
  )

  return { jobs, error, reload }
}
