import type { SyncProgress } from '@shared/sync-schemas'
import { useSyncStore } from '../stores/stores-context'
import { formatCount } from '../format-number'
import { formatEta } from '../format-duration'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { strings } from '../strings'
import { ErrorMessage } from './error-message'
import { SyncWaitView } from './sync-wait'

/**
 * The Sync button with its live progress: phase, devices downloaded, rate, time left, and — while
 * the sync waits out throttling or a fault — why and for how long. The last successful sync stays visible.
 */
export function SyncPanel() {
  const running = useSyncStore((state) => state.running)
  const starting = useSyncStore((state) => state.starting)
  const progress = useSyncStore((state) => state.progress)
  const startError = useSyncStore((state) => state.startError)
  const lastError = useSyncStore((state) => state.status?.lastError ?? null)
  const lastSuccessAt = useSyncStore((state) => state.status?.lastSuccessAt ?? null)
  const cacheEmpty = useSyncStore((state) => (state.status?.deviceCount ?? 0) === 0)
  const dates = useDateFormatter()
  const startSync = useSyncStore((state) => state.startSync)
  const cancelSync = useSyncStore((state) => state.cancelSync)
  const cancelling = useSyncStore((state) => state.cancelling)
  const cancelError = useSyncStore((state) => state.cancelError)
  const busy = running || starting
  const cancelled = lastError?.code === 'cancelled'

  return (
    <div className="sync-panel">
      <button type="button" className="button button--primary" onClick={() => void startSync()} disabled={busy} aria-describedby="sync-hint">
        {strings.sync.button}
      </button>
      <span id="sync-hint" className="visually-hidden">
        {strings.sync.buttonHint}
      </span>
      <p className="sync-panel__last" data-testid="sync-last-success">
        {lastSuccessAt ? strings.sync.lastSuccess(dates.dateTime(lastSuccessAt)) : strings.sync.neverSucceeded}
      </p>
      {running ? (
        <>
          <button
            type="button"
            className="button"
            onClick={() => void cancelSync()}
            disabled={cancelling}
            aria-describedby="sync-cancel-hint"
            data-testid="sync-cancel"
          >
            {cancelling ? strings.sync.cancelling : strings.sync.cancel}
          </button>
          <span id="sync-cancel-hint" className="visually-hidden">
            {strings.sync.cancelHint}
          </span>
        </>
      ) : null}
      {busy && progress ? <SyncProgressView progress={progress} /> : null}
      {startError ? <ErrorMessage title={strings.sync.startFailed} error={startError} /> : null}
      {cancelError ? <ErrorMessage title={strings.sync.cancelFailed} error={cancelError} urgent={false} /> : null}
      {!busy && !startError && cancelled ? (
        <p className="sync-panel__cancelled" data-testid="sync-cancelled">
          {strings.sync.cancelled(lastError.message)}
        </p>
      ) : null}
      {!busy && !startError && lastError && !cancelled ? (
        <ErrorMessage
          title={strings.sync.lastRunFailed}
          error={lastError}
          urgent={false}
          textFor={cacheEmpty ? { ...strings.sync.lastRunText, ...strings.sync.lastRunTextNoCache } : strings.sync.lastRunText}
        />
      ) : null}
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
        <progress
          className="sync-progress__bar"
          max={estimate}
          value={progress.devices}
          aria-label={strings.sync.progressLabel}
          aria-valuetext={`${phase}: ${amount}`}
        />
      ) : (
        <progress className="sync-progress__bar" aria-label={strings.sync.progressLabel} aria-valuetext={`${phase}: ${amount}`} />
      )}
      {progress.wait ? (
        <SyncWaitView wait={progress.wait} />
      ) : progress.waitingSeconds !== null ? (
        <p className="sync-progress__waiting" role="status" data-testid="sync-waiting">
          {progress.message || strings.sync.waiting(formatCount(progress.waitingSeconds))}
        </p>
      ) : null}
      <span className="sync-progress__text">
        <span className="sync-progress__phase">{phase}</span>
        <span>{amount}</span>
        {/* While the run waits for Intune, nothing arrives: no rate (the core sends none), as no time left. */}
        {progress.rowsPerSecond !== null && progress.waitingSeconds === null ? (
          <span data-testid="sync-rate">{strings.sync.rate(formatCount(progress.rowsPerSecond))}</span>
        ) : null}
        {progress.etaSeconds !== null && progress.waitingSeconds === null ? <span data-testid="sync-eta">{formatEta(progress.etaSeconds)}</span> : null}
      </span>
    </div>
  )
}
