import { useEffect } from 'react'
import { useAppStore, useChangeSummaryStore, useSyncStore, useUiStore } from '../stores/stores-context'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { useSignInNeeded } from '../data/use-sign-in-needed'
import { formatCount } from '../format-number'
import { strings } from '../strings'
import type { AppInfo } from '@shared/app-schemas'
import type { SyncWait } from '@shared/sync-schemas'
import { useNow } from '../hooks/use-now'
import { useLocalServerGone } from '../api/local-server-status'
import { formatClock, msUntil, syncWaitHeadline } from './sync-wait'

/**
 * `text`, with a tail the status bar leaves out on a narrow window (strings.status.narrowTails) in a span that CSS hides
 * there: the words go whole, never cut mid-word by an ellipsis; the DOM's text (and the title) keep them.
 */
function Narrowable({ text }: { text: string }) {
  const tail = strings.status.narrowTails.find((end) => text.endsWith(end))
  if (!tail) return <>{text}</>
  return (
    <>
      {text.slice(0, -tail.length)}
      <span className="status-bar__narrow-tail">{tail}</span>
    </>
  )
}

type Connection = { tone: 'ok' | 'offline' | 'warning' | 'neutral'; text: string; keep?: boolean }

/**
 * Always visible: tenant, whether Intune answered the last time the app asked (`online`; before the
 * first request, what the last sync says; a failed last sync is said even when Intune answered), last successful sync, a running sync's count, changes
 * not yet in Intune (a link to the Changes screen), and the cached device count.
 */
export function StatusBar() {
  const info = useAppStore((state) => state.info)
  const infoError = useAppStore((state) => state.error)
  const status = useSyncStore((state) => state.status)
  const running = useSyncStore((state) => state.running)
  const progressDevices = useSyncStore((state) => state.progress?.devices ?? 0)
  // The sync's own words for the wait (throttled, not answering) as the item's tooltip.
  const syncWaiting = useSyncStore((state) => (state.running && state.progress?.waitingSeconds != null ? state.progress.message : null))
  const wait = useSyncStore((state) => (state.running && state.progress?.waitingSeconds != null ? (state.progress.wait ?? null) : null))
  // The silence and the give-up time tick while the sync waits for an answer (no timer otherwise).
  const now = useNow(wait !== null)
  const dates = useDateFormatter()
  const signInNeededFor = useSignInNeeded()
  const localServerGone = useLocalServerGone()

  const tenant = info ? info.tenant.displayName : infoError ? strings.status.tenantUnknown : strings.status.tenantLoading
  const lastSuccessAt = status?.lastSuccessAt ?? null

  const offline: Connection & { title?: string } = {
    tone: 'offline',
    text: lastSuccessAt ? strings.status.offlineSince(dates.sinceToday(lastSuccessAt)) : strings.status.offlineNoData,
    // The whole date on hover; today's time alone fits a 1024 window, where "Dec 7, 2026, 2:4…" was cut.
    ...(lastSuccessAt ? { title: strings.status.offlineSince(dates.dateTime(lastSuccessAt)) } : {}),
  }
  let connection: Connection & { title?: string } = { tone: 'neutral', text: strings.status.notSynced }
  // While the running sync waits out a fault (no answer in time, throttled), Intune did not just answer:
  // "Online" there read as all well for minutes while the Devices screen said "retrying".
  if (localServerGone) {
    // Browser mode, `npm run web` stopped: nothing this tab shows is current and nothing reaches Intune. The
    // last answer the tab saw ("Online") was the walk's status bar with the server long gone.
    connection = { tone: 'offline', text: strings.status.localServerGone, title: strings.localServerGone.title }
  } else if (signInNeededFor !== null) {
    // No usable sign-in: nothing reaches Intune (no sync, no change) until the technician signs in, whatever
    // the last answer was; "Connection not checked yet" hid that after a restart in browser mode.
    connection = { tone: 'warning', text: strings.status.notSignedIn, title: strings.status.notSignedInHint(signInNeededFor) }
  } else if (syncWaiting !== null && status?.online !== false) {
    const silentFor = wait?.silentSince ? strings.status.noAnswerFor(formatClock(now - Date.parse(wait.silentSince))) : null
    const title = wait ? syncWaitHeadline(wait) : syncWaiting
    // The ticking silence keeps its width (at 1024 px it was cut before its number): the other items give way.
    connection = { tone: 'warning', text: silentFor ?? strings.status.waitingForIntune, keep: silentFor !== null, ...(title ? { title } : {}) }
  } else if (status?.online === false || (status?.online !== true && status?.lastError?.code === 'offline')) {
    connection = offline
  } else if (status?.lastError && status.lastError.code !== 'cancelled') {
    // A failed sync outranks "Online": Intune answering (a 503, a 429) does not make the cache current,
    // and the sync panel says the run did not finish. It stays until a sync succeeds.
    connection = { tone: 'warning', text: status.online === true ? strings.status.onlineLastSyncFailed : strings.status.lastSyncFailed }
  } else if (status?.online === true) {
    connection = { tone: 'ok', text: strings.status.online }
  } else if (status?.lastError?.code === 'cancelled') {
    connection = { tone: 'neutral', text: strings.status.lastSyncCancelled }
  } else if (lastSuccessAt) {
    connection = { tone: 'neutral', text: strings.status.connectionUnknown }
  }

  // Offline, the connection's words already give the data's time ("showing data from …"): the same time
  // again as "Last sync …" pushed the bar onto a second line at 1366 px.
  const lastSyncSaid = connection === offline && lastSuccessAt !== null
  const lastSync = lastSuccessAt ? strings.status.lastSync(dates.sinceToday(lastSuccessAt)) : strings.status.neverSynced
  const lastSyncWhole = lastSuccessAt ? strings.status.lastSync(dates.dateTime(lastSuccessAt)) : strings.status.neverSynced
  const count = status ? strings.status.deviceCount(formatCount(status.deviceCount)) : null

  // One line (styles.css): on a narrow window the tenant (named in the sidebar too), then the other words,
  // give way with an ellipsis and their full text on hover; the changes link and the notices never do.
  return (
    <footer className="status-bar" data-testid="status-bar" aria-label={strings.status.label}>
      <span className="status-bar__item status-bar__item--tenant" data-testid="status-tenant" title={tenant}>
        <span className="visually-hidden">{strings.status.tenant}: </span>
        <strong>{tenant}</strong>
      </span>
      <span
        className={`status-bar__item status-bar__connection status-bar__connection--${connection.tone}${connection.keep ? ' status-bar__item--keep' : ''}`}
        data-testid="status-connection"
        title={connection.title ?? connection.text}
      >
        <span className="status-bar__dot" aria-hidden="true" />
        <span className="status-bar__text">{connection.text}</span>
      </span>
      {lastSyncSaid ? null : (
        <span className="status-bar__item" data-testid="status-last-sync" title={lastSyncWhole}>
          {lastSync}
        </span>
      )}
      {/* With the app's server gone no progress can arrive: "Syncing…" would stand on screen for ever (the banner says why). */}
      {localServerGone ? null : running && wait ? (
        <SyncTryItem wait={wait} now={now} />
      ) : running ? (
        <SyncingItem devices={formatCount(progressDevices)} waiting={syncWaiting !== null || connection === offline} why={syncWaiting} />
      ) : null}
      {info?.dataDirWarning ? (
        // The core could not make the data folder private (docs: README › Security): say so where it is always seen.
        <span className="status-bar__item status-bar__connection--warning" data-testid="status-data-dir" title={info.dataDirWarning}>
          {strings.status.dataDirNotPrivate}
        </span>
      ) : null}
      {info?.databaseNotice ? <DatabaseStatus notice={info.databaseNotice} /> : null}
      <ChangesStatus />
      <KeyNoticeStatus />
      <span className="status-bar__item status-bar__item--end" data-testid="status-device-count" title={count ?? undefined}>
        {count ? <Narrowable text={count} /> : null}
      </span>
    </footer>
  )
}

/**
 * A damaged database found after start ("restart to repair") or one rebuilt at start: a link to
 * Settings, where the full words say what happened and what was kept (also on hover).
 */
function DatabaseStatus({ notice }: { notice: NonNullable<AppInfo['databaseNotice']> }) {
  const navigate = useUiStore((state) => state.navigate)
  return (
    <span className="status-bar__item status-bar__item--keep" data-testid="status-database" data-kind={notice.kind} role="status">
      <button type="button" className="status-bar__link status-bar__link--attention" title={notice.text} onClick={() => navigate('settings')}>
        {strings.status.databaseNotice[notice.kind]}
      </button>
    </span>
  )
}

/** "3 changes waiting for Intune · 1 failed · 2 conflicts", as a link to the Changes screen. */
function ChangesStatus() {
  const summary = useChangeSummaryStore((state) => state.summary)
  const navigate = useUiStore((state) => state.navigateAndFocus)
  if (!summary) return null
  const { pending, failed, conflicts } = summary
  const parts: string[] = []
  if (pending > 0 || (failed === 0 && conflicts === 0)) {
    parts.push(pending > 0 ? strings.status.changesWaiting(formatCount(pending), pending) : strings.status.changesNone)
  }
  if (failed > 0) parts.push(strings.status.changesFailed(formatCount(failed), failed))
  if (conflicts > 0) parts.push(strings.status.changesConflicts(formatCount(conflicts), conflicts))
  const attention = failed > 0 || conflicts > 0
  return (
    <span className="status-bar__item status-bar__item--keep" data-testid="status-changes">
      <button
        type="button"
        className={`status-bar__link${attention ? ' status-bar__link--attention' : ''}`}
        title={`${parts.join(' · ')} — ${strings.status.changesHint}`}
        onClick={() => navigate('changes')}
      >
        {parts.map((part, index) => (
          <span key={part}>
            {index > 0 ? ' · ' : ''}
            <Narrowable text={part} />
          </span>
        ))}
      </button>
    </span>
  )
}

/** How long a done notice stays: long enough to read it after the download bar or save dialog. */
const doneNoticeMs = 8_000

/** What Ctrl+E did, said where it is seen from any screen; a failure stays until dismissed or replaced. */
function KeyNoticeStatus() {
  const notice = useUiStore((state) => state.keyNotice)
  const setKeyNotice = useUiStore((state) => state.setKeyNotice)
  useEffect(() => {
    if (notice?.kind !== 'done') return
    const timer = setTimeout(() => setKeyNotice(null), doneNoticeMs)
    return () => clearTimeout(timer)
  }, [notice, setKeyNotice])
  if (!notice) return null
  if (notice.kind === 'done')
    return (
      <span className="status-bar__item" role="status" data-testid="status-key-notice" data-kind="done">
        {notice.text}
      </span>
    )
  return (
    <span className="status-bar__item status-bar__item--keep status-bar__connection--warning" role="alert" data-testid="status-key-notice" data-kind="failed">
      {notice.text}{' '}
      <button type="button" className="status-bar__link" onClick={() => setKeyNotice(null)}>
        {strings.keyNotice.dismiss}
      </button>
    </span>
  )
}

/** A running sync's count; while it waits for Intune it says so, with the sync's own words (how long, what next) on hover. */
function SyncingItem({ devices, waiting, why }: { devices: string; waiting: boolean; why: string | null }) {
  const text = waiting ? strings.status.syncWaiting(devices) : strings.status.syncing(devices)
  return (
    <span className="status-bar__item" data-testid="status-syncing" title={why || text}>
      {text}
    </span>
  )
}

/**
 * A running sync that waits for Intune: which try, and when it stops if Intune stays silent (ticking), as a
 * link to the Devices screen, where the sync panel says the rest and Cancel sync stops it — from any screen.
 */
function SyncTryItem({ wait, now }: { wait: SyncWait; now: number }) {
  const navigate = useUiStore((state) => state.navigate)
  const stopsAt = wait.kind === 'no-answer' && wait.lastTryBecause !== null ? wait.until : wait.givesUpAt
  const text = strings.status.syncTry(wait.attempt, wait.attempts, stopsAt ? formatClock(msUntil(stopsAt, now)) : null)
  return (
    <span className="status-bar__item status-bar__item--keep" data-testid="status-syncing">
      <button type="button" className="status-bar__link" title={`${syncWaitHeadline(wait)} ${strings.status.syncTryHint}`} onClick={() => navigate('devices')}>
        {text}
      </button>
    </span>
  )
}
