import { useEffect, useLayoutEffect, useRef } from 'react'
import { saveDownload } from '../../save-download'
import { useBenchStore, useJobsStore, useUiStore } from '../../stores/stores-context'
import { strings } from '../../strings'

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
  const setKeyNotice = useUiStore((state) => state.setKeyNotice)
  const latest = useRef({ activeJobId, exportHandoverCsv, screen, navigate, setKeyNotice })
  useLayoutEffect(() => {
    latest.current = { activeJobId, exportHandoverCsv, screen, navigate, setKeyNotice }
  })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'e') return
      const now = latest.current
      if (now.screen === 'diagnostics') return
      event.preventDefault()
      if (now.activeJobId === null) return now.navigate('diagnostics')
      void now.exportHandoverCsv(now.activeJobId).then((result) => {
        // Pressed from any screen, so the outcome is said in the status bar, failure included.
        if (!result.ok) return now.setKeyNotice({ kind: 'failed', text: strings.keyNotice.exportFailed(result.error.message) })
        saveDownload(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8')
        now.setKeyNotice({ kind: 'done', text: strings.keyNotice.exported(result.value.fileName) })
      })
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
