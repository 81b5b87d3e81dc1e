import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { OutboxItem } from '@shared/change-schemas'
import { presentError } from '@shared/domain/intune-answer'
import { ErrorMessage } from '../components/error-message'
import { SupportDetails } from '../components/support-details'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { useFocusAfterAction } from '../hooks/use-focus-after-action'
import { useHeadingFocus } from '../hooks/use-heading-focus'
import { useChangesStore, useChangesStoreApi } from '../stores/stores-context'
import { strings } from '../strings'
import { describeValues } from '../change-values'
import { changeProgressLine, changeStateWords, stillOnItsWay, tryingAgainNow, waitingToRetry } from '../change-progress'
import { withoutRetryAdvice } from '@shared/domain/change-advice'
import { useSignInNeeded } from '../data/use-sign-in-needed'

const text = strings.changes

/** The outbox: every change made here, where it stands, and the technician's decisions on it. */
export function ChangesScreen() {
  const store = useChangesStoreApi()
  const items = useChangesStore((state) => state.items)
  const includeFinished = useChangesStore((state) => state.includeFinished)
  const loading = useChangesStore((state) => state.loading)
  const loaded = useChangesStore((state) => state.loaded)
  const error = useChangesStore((state) => state.error)
  const setIncludeFinished = useChangesStore((state) => state.setIncludeFinished)
  const reload = useChangesStore((state) => state.reload)

  useEffect(() => store.getState().attach(), [store])

  // After an action, focus goes to that change, or to the one in its place, or to the heading when the
  // list is empty (its button, or the change itself, left the page).
  const listRef = useRef<HTMLOListElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const focusAfter = useFocusAfterAction(focusFollowsMs)
  useHeadingFocus('changes', headingRef)
  const onActed = (index: number) =>
    focusAfter(() => {
      const changes = listRef.current?.querySelectorAll<HTMLElement>(':scope > li > article') ?? []
      return changes[Math.min(index, changes.length - 1)] ?? headingRef.current
    })

  return (
    <section className="screen" aria-labelledby="changes-heading">
      <header className="screen__header">
        <h1 id="changes-heading" ref={headingRef} tabIndex={-1}>
          {text.heading}
        </h1>
        <label className="changes-toggle">
          <input type="checkbox" checked={includeFinished} onChange={(event) => setIncludeFinished(event.target.checked)} />
          {text.showDelivered}
        </label>
      </header>
      <p className="muted">{text.intro}</p>

      {error ? (
        <ErrorMessage
          title={text.loadFailed}
          error={error}
          action={
            <button type="button" className="button" onClick={() => void reload()}>
              {text.retryLoad}
            </button>
          }
        />
      ) : null}

      {!loaded && loading ? (
        <p className="muted" role="status">
          {text.loading}
        </p>
      ) : null}

      {loaded && items.length === 0 ? (
        <p className="empty-state" data-testid="changes-empty">
          {includeFinished ? text.emptyAll : text.empty}
        </p>
      ) : null}

      {items.length > 0 ? (
        <ol ref={listRef} className="change-list" aria-label={text.listLabel} aria-busy={loading} data-testid="change-list">
          {items.map((item, index) => (
            <li key={item.id}>
              <ChangeItem item={item} onActed={() => onActed(index)} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}

/** How long after an action focus still follows its change (a retry is delivered and checked in seconds). */
const focusFollowsMs = 15_000

function ChangeItem({ item, onActed }: { item: OutboxItem; onActed: () => void }) {
  const busy = useChangesStore((state) => state.busy[item.id] === true)
  const actionError = useChangesStore((state) => state.actionErrors[item.id] ?? null)
  const actOnStore = useChangesStore((state) => state.act)
  const articleRef = useRef<HTMLElement>(null)
  const act: typeof actOnStore = async (id, action) => {
    onActed()
    const done = await actOnStore(id, action)
    // Refused, or the list not re-read yet: the button came back enabled, but focus left with it.
    if (document.activeElement === document.body) articleRef.current?.focus()
    return done
  }
  const dates = useDateFormatter()
  const signInNeededFor = useSignInNeeded()
  const [confirming, setConfirming] = useState(false)
  const discardRef = useRef<HTMLButtonElement>(null)

  const kind = item.change.kind
  // Intune's answer in one sentence; its ids, date and raw text only under "Details for support".
  const lastError = item.lastError ? presentError(item.lastError) : null
  const titleId = `change-${item.id}-title`
  const from = describeValues(kind, item.base)
  const to = describeValues(kind, item.intended)
  // Failed: Retry. Waiting out a back-off after a try that got no answer: Try now (it waited its whole
  // back-off even once Intune answered again, with only Discard offered). Not while a sign-in is missing.
  const canTryNow = waitingToRetry(item) && signInNeededFor === null
  const canRetry = item.state === 'failed' || canTryNow
  // A change still being tried after a failed try (a server error, no answer) can be let go too: it
  // had neither Retry nor Discard for up to eight tries (minutes). Its last try may have reached Intune.
  const triedAndFailed = (item.state === 'sending' || item.state === 'verifying') && item.lastError !== null
  const canDiscard = item.state === 'pending' || item.state === 'failed' || item.state === 'conflict' || triedAndFailed

  const cancelDiscard = () => {
    setConfirming(false)
    discardRef.current?.focus()
  }
  const onConfirmKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    cancelDiscard()
  }
  const discard = async () => {
    setConfirming(false)
    await act(item.id, 'discard')
  }

  return (
    <article className={`change change--${item.state}`} aria-labelledby={titleId} data-change-id={item.id} aria-busy={busy} tabIndex={-1} ref={articleRef}>
      <div className="change__head">
        <h2 id={titleId} className="change__title">
          <span className="change__serial">{item.serialNumber || item.deviceId}</span>
          <span className="visually-hidden">: </span>
          <span className="change__kind">{text.kind[kind]}</span>
        </h2>
        <span className={`change__state change__state--${item.state}`} data-testid="change-state">
          {changeStateWords(item)}
        </span>
      </div>

      <p className="change__values">
        <span className="change__value-label">{text.from}</span>
        <span data-testid="change-from">{from}</span>
        <span className="change__arrow" aria-hidden="true">
          →
        </span>
        <span className="change__value-label">{text.to}</span>
        <strong data-testid="change-to">{to}</strong>
      </p>

      <p className="change__meta">
        {/* Sends, counted when one leaves: "0 attempts" beside "Intune did not answer…" (the read before a send) read as a contradiction. */}
        {item.attempts > 0 ? <span>{text.attempts(item.attempts)}</span> : null}
        <span>{text.queuedAt(dates.dateTime(item.createdAt))}</span>
        {item.updatedAt !== item.createdAt ? <span>{text.updatedAt(dates.dateTime(item.updatedAt))}</span> : null}
      </p>

      {item.state === 'failed' && item.lastError ? <ErrorMessage title={text.failedTitle} error={item.lastError} urgent={false} /> : null}
      {stillOnItsWay(item) && signInNeededFor !== null ? (
        // Not retried without a sign-in: the last try's reason and its (passed) retry time would mislead.
        <p className="muted" data-testid="change-waiting">
          {text.waitingForSignIn(signInNeededFor)}
        </p>
      ) : null}
      {stillOnItsWay(item) && signInNeededFor === null && lastError ? (
        <>
          <p className="muted" data-testid="change-waiting">
            {changeProgressLine(item, lastError.sentence, dates.time)}
          </p>
          {lastError.support ? <SupportDetails details={lastError.support} /> : null}
        </>
      ) : null}
      {(item.state === 'done' || item.state === 'discarded') && lastError?.sentence ? (
        <>
          {/* Decided already: not "Retry later, or discard it…" under a discarded change. */}
          <p className="muted">{withoutRetryAdvice(lastError.sentence)}</p>
          {lastError.support ? <SupportDetails details={lastError.support} /> : null}
        </>
      ) : null}

      {item.state === 'conflict' ? (
        <div className="change__conflict" role="group" aria-labelledby={`change-${item.id}-conflict`}>
          <p id={`change-${item.id}-conflict`} className="change__conflict-title">
            {text.conflictTitle}
          </p>
          <p data-testid="change-conflict">{text.conflictBody(from, to, describeValues(kind, item.server))}</p>
          <div className="change__actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(item.id, 'keep-mine')}>
              {text.keepMine}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void act(item.id, 'take-intune')}>
              {text.keepIntune}
            </button>
          </div>
        </div>
      ) : null}

      {canRetry || canDiscard ? (
        <div className="change__actions">
          {canRetry ? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(item.id, 'retry')}>
              {canTryNow ? text.tryNow : text.retry}
            </button>
          ) : null}
          {canDiscard ? (
            <button ref={discardRef} type="button" className="button" disabled={busy} aria-expanded={confirming} onClick={() => setConfirming(true)}>
              {text.discard}
            </button>
          ) : null}
        </div>
      ) : null}

      {confirming && canDiscard ? (
        <div className="change__confirm" role="group" aria-labelledby={`change-${item.id}-confirm`} onKeyDown={onConfirmKey}>
          <p id={`change-${item.id}-confirm`} className="change__confirm-title">
            {text.confirmDiscard}
          </p>
          <p>
            {tryingAgainNow(item)
              ? text.confirmDiscardInFlight
              : triedAndFailed
                ? text.confirmDiscardTried
                : text.confirmDiscardBody(describeValues(kind, item.server ?? item.base))}
          </p>
          <div className="change__actions">
            <button type="button" className="button button--primary" autoFocus disabled={busy} onClick={() => void discard()}>
              {text.confirmDiscardYes}
            </button>
            <button type="button" className="button" onClick={cancelDiscard}>
              {text.cancel}
            </button>
          </div>
        </div>
      ) : null}

      {actionError ? <ErrorMessage title={text.actionFailed} error={actionError} /> : null}
    </article>
  )
}
