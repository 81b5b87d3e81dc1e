import type { SyncProgress } from '../../../shared/sync-schemas'
import { useSyncStore } from '../stores/stores-context'
import { formatCount } from '../format-number'
import { strings } from '../strings'
import { ErrorMessage } from './error-message'

/** The Sync button with its live progress: phase, devices downloaded, rate. */
export function SyncPanel() {
  const running = useSyncStore((state) => state.running)
  const starting = useSyncStore((state) => state.starting)
  const progress = useSyncStore((state) => state.progress)
  const startError = useSyncStore((state) => state.startError)
  const lastError = useSyncStore((state) => state.status?.lastError ?? null)
  const startSync = useSyncStore((state) => state.startSync)
  const busy = running || starting

  return (
    <div className="sync-panel">
      <button
        type="button"
        className="button button--primary"
        onClick={() => void startSync()}
        disabled={busy}
        aria-describedby="sync-hint"
      >
        {strings.sync.button}
      </button>
      <span id="sync-hint" className="visually-hidden">
        {strings.sync.buttonHint}
      </span>
      {busy && progress ? <SyncProgressView progress={progress} /> : null}
      {startError ? <ErrorMessage title={strings.sync.startFailed} error={startError} /> : null}
      {!busy && !startError && lastError ? <ErrorMessage title={strings.sync.lastRunFailed} error={lastError} urgent={false} /> : null}
    </div>
  )
}

function SyncProgressView({ progress }: { progress: SyncProgress }) {
  // Graph gives no total: the devices cached before this run are the estimate; none means indeterminate.
  const estimate = progress.expected > 0 ? Math.max(progress.expected, progress.devices) : 0
  const phase = strings.sync.phase[progress.phase]
  const devices = formatCount(progress.devices)
  const amount = estimate > 0 ? strings.sync.estimate(devices, formatCount(estimate)) : strings.sync.downloaded(devices)
  return (
    <div className="sync-progress" data-testid="sync-progress">
      {estimate > 0 ? (
        <progress className="sync-progress__bar" max={estimate} value={progress.devices} aria-label={strings.sync.progressLabel} aria-valuetext={`${phase}: ${amount}`} />
      ) : (
        <progress className="sync-progress__bar" aria-label={strings.sync.progressLabel} aria-valuetext={`${phase}: ${amount}`} />
      )}
      <span className="sync-progress__text">
        <span className="sync-progress__phase">{phase}</span>
        <span>{amount}</span>
        <span>{strings.sync.rate(formatCount(progress.rowsPerSecond))}</span>
      </span>
    </div>
  )
}
