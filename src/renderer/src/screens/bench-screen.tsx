import { useEffect, useState } from 'react'
import { useJobs } from '../data/use-jobs'
import type { AppError } from '@shared/result'
import { AttemptRecorder } from '../components/bench/attempt-recorder'
import { BenchTable } from '../components/bench/bench-table'
import { JobPicker } from '../components/bench/job-picker'
import { ManifestFlag } from '../components/bench/manifest-flag'
import { useFocusBenchTable } from '../components/bench/use-focus-bench-table'
import { BenchSettings } from '../components/bench/bench-settings'
import { RemovalNotice } from '../components/bench/removal-notice'
import { ScanReplacedNote } from '../components/bench/scan-replaced-note'
import { ErrorMessage } from '../components/error-message'
import { useBenchStore, useUiStore } from '../stores/stores-context'
import { benchStrings as text } from '../strings/bench'
import './bench-screen.css'

/**
 * The bench (home of the technician flow): every device at the bench now, its stage and elapsed
 * time, and the attempt recorder for the selected one. Everything shown comes from the core, so the
 * bench survives a restart.
 */
export function BenchScreen() {
  const devices = useBenchStore((state) => state.devices)
  const jobs = useBenchStore((state) => state.jobs)
  // The rows name their job even once it is closed (a closed order's devices may still be at the bench); the picker offers open ones.
  const { jobs: everyJob } = useJobs(true)
  const activeJobId = useBenchStore((state) => state.activeJobId)
  const error = useBenchStore((state) => state.error)
  const setActiveJob = useBenchStore((state) => state.setActiveJob)
  const openDevice = useUiStore((state) => state.openDevice)
  const requestScan = useUiStore((state) => state.requestScan)
  const navigate = useUiStore((state) => state.navigate)
  const removeDevice = useBenchStore((state) => state.removeDevice)
  const [removeError, setRemoveError] = useState<AppError | null>(null)
  const selectedId = useBenchStore((state) => state.selectedDeviceId)
  const setSelectedId = useBenchStore((state) => state.select)
  // The first device is selected until the technician picks another (or the picked one leaves the bench).
  const selected = devices.find((device) => device.deviceId === selectedId) ?? devices[0] ?? null
  useFocusBenchTable(devices.length > 0)
  // While the Bench is open, rows waiting on Intune are re-read in the background (bench-recheck.ts).
  const watchWaiting = useBenchStore((state) => state.watchWaiting)
  useEffect(() => watchWaiting(), [watchWaiting])

  return (
    <section className="screen bench-screen" aria-labelledby="bench-screen-heading">
      <header className="bench-screen__header">
        <h1 id="bench-screen-heading">{text.title}</h1>
        <JobPicker jobs={jobs} activeJobId={activeJobId} onChange={(jobId) => void setActiveJob(jobId)} />
        <BenchSettings />
        <button type="button" className="button" onClick={() => navigate('jobs')}>
          {text.jobPicker.manage}
        </button>
        <button type="button" className="button button--primary" onClick={requestScan}>
          {text.scan}
        </button>
      </header>
      <p id="bench-keys" className="hint">
        {text.keysHint(activeJobId !== null)}
      </p>
      {error ? <ErrorMessage title={text.loadFailed} error={error} urgent={false} /> : null}
      <RemovalNotice />
      {devices.length === 0 ? (
        <p className="empty-state">{text.empty}</p>
      ) : (
        <div className="bench-screen__body">
          <BenchTable devices={devices} jobs={everyJob ?? jobs} selectedId={selected?.deviceId ?? null} onSelect={setSelectedId} onOpen={openDevice} />
          {selected ? (
            <div className="bench-screen__side">
              <div className="button-row">
                <button type="button" className="button" onClick={() => openDevice(selected.deviceId)}>
                  {text.openCard}
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => void removeDevice(selected.deviceId).then((result) => setRemoveError(result.ok ? null : result.error))}
                >
                  {text.removeDevice}
                </button>
              </div>
              {removeError ? <ErrorMessage title={text.removeFailed} error={removeError} /> : null}
              <ScanReplacedNote deviceId={selected.deviceId} />
              <ManifestFlag device={selected} jobs={everyJob ?? jobs} />
              {/* Keyed: a half-typed code or a notice belongs to the device it was made for. */}
              <AttemptRecorder key={selected.deviceId} device={selected} keysEnabled />
            </div>
          ) : null}
        </div>
      )}
    </section>
  )
}
