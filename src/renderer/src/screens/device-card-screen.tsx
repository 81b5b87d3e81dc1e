import { useCallback, useEffect, useState } from 'react'
import type { DeviceChange } from '@shared/change-schemas'
import type { AppError } from '@shared/result'
import { CardAttempt } from '../components/device-card/card-attempt'
import { CardDetails } from '../components/device-card/card-details'
import { CardEditors } from '../components/device-card/card-editors'
import { CardHeader } from '../components/device-card/card-header'
import { JobChoice } from '../components/device-card/job-choice'
import { ChangeReminder } from '../components/device-card/change-reminder'
import { PendingChanges } from '../components/device-card/pending-changes'
import { OnlineActions } from '../components/device-card/online-actions'
import { ProfileExplanation } from '../components/device-card/profile-explanation'
import { ReadinessPanel } from '../components/device-card/readiness-panel'
import { useAssignmentWait } from '../components/device-card/use-assignment-wait'
import { useDeviceCard } from '../data/use-device-card'
import { useRefreshDevice } from '../components/device-card/use-refresh-device'
import { UserAssignment } from '../components/device-card/user-assignment'
import { ErrorMessage } from '../components/error-message'
import { useAppStore, useBenchStore, useDeviceActionsStore, useUiStore } from '../stores/stores-context'
import { deviceCardStrings as s } from '../strings/device-card'
import '../components/device-card/device-card.css'
import { CardJumps } from '../components/device-card/card-jumps'
import { tagOutcome } from '../components/device-card/tag-outcome'

/** The device card of the device the UI store points at. */
export function DeviceCardScreen() {
  const deviceId = useUiStore((state) => state.deviceId)
  const tenantId = useAppStore((state) => state.info?.tenant.id ?? '')
  if (!deviceId) {
    return (
      <Shell>
        <h1 id="device-card-screen-heading">{s.title}</h1>
        <p>{s.noDevice}</p>
        <p className="muted">{s.noDeviceHint}</p>
      </Shell>
    )
  }
  // key: another device starts afresh (its own card, refresh notice, waiting status), and so does the
  // same id in another tenant, whose cache never held it (not "deleted in Intune").
  return <DeviceCardView key={`${tenantId}/${deviceId}`} deviceId={deviceId} />
}

/**
 * A card whose device the cache does not hold: named by serial when the card showed it or the bench
 * holds it, else by the only thing known, its id. `announce`: said as a status.
 */
function NotInCache(props: { heading: string; text: string; hint: string; announce?: boolean; testId?: string; deviceId?: string }) {
  return (
    <Shell>
      <h1 id="device-card-screen-heading">{props.heading}</h1>
      <p className="device-card__empty" role={props.announce ? 'status' : undefined} data-testid={props.testId}>
        {props.text}
      </p>
      <p className="muted">{props.hint}</p>
      {props.deviceId ? <p className="mono muted">{props.deviceId}</p> : null}
    </Shell>
  )
}

/** Esc is the card's own only where nothing under the focus takes it (a field, an editor, a dialog). */
const keepsEscape = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"], [role="alertdialog"], dialog') !== null)

function Shell({ children, busy = false }: { children: React.ReactNode; busy?: boolean }) {
  const leaveDevice = useUiStore((state) => state.leaveDevice)
  const from = useUiStore((state) => state.cardFrom) ?? 'devices'
  useEffect(() => {
    // Bubble phase: an editor or dialog on the card that handles Esc stops it (or marks it handled) first.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return
      if (keepsEscape(event.target)) return
      event.preventDefault()
      leaveDevice()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [leaveDevice])
  return (
    <section className="screen device-card" aria-labelledby="device-card-screen-heading" aria-busy={busy}>
      {/* Back where the card was opened: the Bench or a scan, not always the Devices list. */}
      <button type="button" className="button device-card__back" onClick={leaveDevice}>
        <span aria-hidden="true">← </span>
        {s.back[from]}
      </button>
      {children}
    </section>
  )
}

function DeviceCardView({ deviceId }: { deviceId: string }) {
  const queueChange = useDeviceActionsStore((state) => state.queueChange)
  const [jobId, setJobId] = useState<string | null>(null)
  const card = useDeviceCard(deviceId, jobId)
  const { reload } = card
  const refresh = useRefreshDevice(deviceId, reload)
  const [changedAt, setChangedAt] = useState<number | null>(null)
  const wait = useAssignmentWait(deviceId, changedAt, reload)
  // A device at the bench has a serial of its own record, to name it by if the cache no longer holds it.
  const benchSerial = useBenchStore((state) => state.devices.find((device) => device.deviceId === deviceId)?.serialNumber ?? null)

  // Every edit goes through the outbox (works offline); a queued change starts the reminder and the wait.
  const queue = useCallback(
    async (change: DeviceChange): Promise<AppError | null> => {
      const result = await queueChange({ deviceId, change })
      if (!result.ok) return result.error
      await reload()
      setChangedAt(Date.now())
      return null
    },
    [queueChange, deviceId, reload],
  )

  if (card.status === 'loading') {
    return (
      <Shell busy>
        <h1 id="device-card-screen-heading">{s.title}</h1>
        <p role="status">{s.loading}</p>
      </Shell>
    )
  }
  if (card.status === 'error' && card.error) {
    return (
      <Shell>
        <h1 id="device-card-screen-heading">{s.title}</h1>
        <ErrorMessage
          title={s.loadFailed}
          error={card.error}
          action={
            <button type="button" className="button" onClick={() => void reload()}>
              {s.tryAgain}
            </button>
          }
        />
      </Shell>
    )
  }
  if (!card.card) {
    if (card.gone) {
      const { serialNumber, manufacturer, model } = card.gone
      const text = s.gone(serialNumber, [manufacturer, model].filter(Boolean).join(' '))
      return <NotInCache heading={s.heading(serialNumber)} text={text} hint={s.goneHint} announce testId="card-gone" />
    }
    if (benchSerial) {
      return (
        <NotInCache
          heading={s.heading(benchSerial)}
          text={s.notCachedAtBench(benchSerial)}
          hint={s.notCachedAtBenchHint}
          announce
          testId="card-not-cached-at-bench"
        />
      )
    }
    return <NotInCache heading={s.title} text={s.notCached} hint={s.notCachedHint} deviceId={deviceId} />
  }
  const { device } = card.card
  return (
    <Shell>
      <CardHeader device={device} refresh={refresh} onRefresh={() => refresh.refresh()} />
      <CardJumps />
      <JobChoice value={jobId} onChange={setJobId} />
      {card.error ? <ErrorMessage title={s.loadFailed} error={card.error} urgent={false} /> : null}
      {changedAt !== null ? <ChangeReminder wait={wait} outcome={tagOutcome(card.card)} onStop={wait.stop} /> : null}
      <div className="device-card__grid">
        <ReadinessPanel readiness={card.card.readiness} />
        <CardAttempt deviceId={deviceId} />
        <CardDetails device={device} />
        <PendingChanges deviceId={deviceId} revision={card.card} />
        <ProfileExplanation card={card.card} />
        <CardEditors card={card.card} queue={queue} />
        <UserAssignment card={card.card} queue={queue} />
        <OnlineActions device={device} afterAction={reload} />
      </div>
    </Shell>
  )
}
