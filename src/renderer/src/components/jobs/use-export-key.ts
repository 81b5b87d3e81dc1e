import { useEffect, useLayoutEffect, useRef } from 'react'
import { saveDownload } from '../../save-download'
import { useBenchStore, useJobsStore, useUiStore } from '../../stores/stores-context'

/**
 * Ctrl+E (export, the product's key list): the active job's hand-over CSV, from any screen; with no
 * active job, the Diagnostics screen, whose export needs a scope chosen. The Diagnostics screen keeps
 * its own export and is left alone.
 */
export function useExportKey(): void {
  const activeJobId = useBenchStore((state) => state.activeJobId)
  const exportHandoverCsv = useJobsStore((state) => state.exportHandoverCsv)
  const screen = useUiStore((state) => state.screen)
  const navigate = useUiStore((state) => state.navigate)
  const latest = useRef({ activeJobId, exportHandoverCsv, screen, navigate })
  useLayoutEffect(() => {
    latest.current = { activeJobId, exportHandoverCsv, screen, navigate }
  })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'e') return
      const now = latest.current
      if (now.screen === 'diagnostics') return
      event.preventDefault()
      if (now.activeJobId === null) return now.navigate('diagnostics')
      void now.exportHandoverCsv(now.activeJobId).then((result) => {
        if (result.ok) saveDownload(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8')
      })
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
