import { useEffect, useId, useState } from 'react'
import type { ExportScope } from '@shared/diagnostics-schemas'
import type { AttemptRecord, BenchJob } from '@shared/bench-schemas'
import { useApi } from '../../api/api-context'
import { diagnosticsStrings } from '../../strings/diagnostics'

const text = diagnosticsStrings.export

/**
 * What to export, in the words the technician knows: a serial number, a job from the list, an
 * attempt found by its device's serial, a day. Falls back to a plain id field when a list cannot load.
 */
export function ScopeIdField({ kind, value, onChange }: { kind: ExportScope['kind']; value: string; onChange: (id: string) => void }) {
  const api = useApi()
  const ids = useId()
  const [jobs, setJobs] = useState<BenchJob[] | null>(null)
  const [serial, setSerial] = useState('')
  const [attempts, setAttempts] = useState<AttemptRecord[] | null>(null)
  const [lookup, setLookup] = useState<string | null>(null)

  useEffect(() => {
    if (kind !== 'job') return
    let live = true
    void api.invoke('jobs:list-jobs', { includeClosed: true }).then((result) => {
      if (live) setJobs(result.ok ? result.value.jobs : [])
    })
    return () => {
      live = false
    }
  }, [api, kind])

  async function findAttempts() {
    setLookup(null)
    setAttempts(null)
    const found = await api.invoke('devices:find-by-serial', { serialNumber: serial.trim() || '?' })
    const device = found.ok ? found.value[0] : undefined
    if (!device) return setLookup(text.noDevice(serial.trim()))
    const listed = await api.invoke('attempts:list-attempts', { deviceId: device.id })
    const list = listed.ok ? listed.value.attempts : []
    if (list.length === 0) return setLookup(text.noAttempts(device.serialNumber))
    setAttempts(list)
    onChange(list[list.length - 1]!.state.id)
  }

  if (kind === 'job' && jobs && jobs.length > 0) {
    return (
      <label className="diag-field">
        {text.idLabel.job}
        <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="diag-export-id">
          <option value="">{text.pickJob}</option>
          {jobs.map((job) => <option key={job.id} value={job.id}>{job.name}{job.purchaseOrder ? ` (${job.purchaseOrder})` : ''}{job.closedAt ? ` — ${text.closed}` : ''}</option>)}
        </select>
      </label>
    )
  }
  if (kind === 'attempt') {
    return (
      <div className="diag-field">
        <label htmlFor={`${ids}-serial`}>{text.attemptSerial}</label>
        <span className="diag-inline">
          <input id={`${ids}-serial`} value={serial} onChange={(event) => setSerial(event.target.value)} />
          <button type="button" className="button" onClick={() => void findAttempts()}>{text.findAttempts}</button>
        </span>
        {lookup ? <p role="status">{lookup}</p> : null}
        {attempts ? (
          <label>
            {text.idLabel.attempt}{' '}
            <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="diag-export-id">
              {attempts.map((a) => <option key={a.state.id} value={a.state.id}>#{a.attemptNumber} · {a.state.phase} · {a.state.provisionPressedAt ?? a.state.createdAt}</option>)}
            </select>
          </label>
        ) : null}
      </div>
    )
  }
  return (
    <label className="diag-field">
      {text.idLabel[kind]}
      <input type={kind === 'day' ? 'date' : 'text'} value={value} onChange={(event) => onChange(event.target.value)} data-testid="diag-export-id" />
    </label>
  )
}
