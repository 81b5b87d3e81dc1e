import type Database from 'better-sqlite3'
import { AppFailure, toEnvelopeError } from '../app-error'
import type { GraphClient } from '../graph/graph-client'
import { intuneAnswerOf, type GraphError } from '../graph/graph-error'
import { intuneAnswerSentence } from '@shared/domain/intune-answer'
import { CHECK_THEN_RETRY_OR_DISCARD, RETRY_OR_DISCARD } from '@shared/domain/change-advice'
import { mapGraphDevice } from '../graph/device-mapper'
import { createDevicesRepo } from '../repos/devices-repo'
import { createOutboxRepo } from '../repos/outbox-repo'
import type { LogSink } from '../logging/log-sink'
import type { FieldValues, OutboxItem } from '@shared/change-schemas'
import { compareWithServer, fieldsOf, graphWrite, valuesOf } from './change-kinds'
import { explainGraphFailure } from '../identity/explain-graph-failure'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'
import { MAX_ERROR_TRIES } from '../retry-budget'

export interface DeliverDeps {
  db: Database.Database
  graph: GraphClient
  log: LogSink
  correlationId: string
  now?: () => Date
  /** Read-backs that may still lag before a change counts as failed (Intune applies some writes late). */
  maxVerifyAttempts?: number
  /**
   * Tries after which a server error (5xx, not 503) stops a change retrying by itself: it waits for the
   * technician (retry or discard). Eight tries back off to about eight minutes in all. Each try reads the
   * device first, so none is ever made twice.
   */
  maxServerErrors?: number
  /** First retry delay; doubles per attempt up to five minutes. */
  retryBaseMs?: number
  /** An item's visible state changed mid-run (a request waiting out Intune's Retry-After), for the UI to re-read. */
  onChange?: () => void
}

export interface DeliverReport {
  done: number
  failed: number
  conflicts: number
  rescheduled: number
  /**
   * Intune could not be reached or did not answer (offline, no answer in time, an answer that stopped, a web
   * page instead of Graph): the run stopped early and everything waits for the next one.
   */
  offline: boolean
  /** Whether Intune was asked at all (an empty outbox asks nothing, so it says nothing about the network). */
  contacted?: boolean
}

/** A write that got no answer at all (no headers in time, or an answer that stopped halfway); a refused connection is the network's. */
const WRITE_UNANSWERED: ReadonlySet<string> = new Set(['timeout', 'stalled'])
/** What the Changes screen says of it (it adds when the next try is): the change's trouble, not the tenant's. */
const WRITE_UNANSWERED_WORDS = {
  timeout: 'Intune did not answer this change in time.',
  stalled: 'Intune stopped sending its answer to this change halfway.',
} as const

const devicePath = (id: string) => `/deviceManagement/windowsAutopilotDeviceIdentities/${encodeURIComponent(id)}`

/**
 * Delivers due outbox items, one at a time, oldest first. Each item is read from Intune before it is
 * sent: already showing the change → done without a write (also how a write cut short by a crash is
 * recognised); still showing the base → send; anything else → conflict. The item is marked
 * `sending` (committed) before the request leaves, so after a crash it is always read back before
 * any resend: one successful write per change.
 */
export async function deliverOutbox(deps: DeliverDeps): Promise<DeliverReport> {
  const now = deps.now ?? (() => new Date())
  const outbox = createOutboxRepo(deps.db, now)
  const devices = createDevicesRepo(deps.db)
  const report: DeliverReport = { done: 0, failed: 0, conflicts: 0, rescheduled: 0, offline: false }
  const ctx = { correlationId: deps.correlationId }
  const later = (ms: number) => new Date(now().getTime() + ms).toISOString()
  const backoffMs = (attempts: number) => Math.min(5 * 60_000, (deps.retryBaseMs ?? 2_000) * 2 ** Math.min(attempts, 8))

  const readServer = async (item: OutboxItem): Promise<FieldValues> => {
    const raw = await deps.graph.getJson(devicePath(item.deviceId), ctx)
    const row = mapGraphDevice(raw)
    if (!row) throw new AppFailure('upstream', 'Intune sent a device without an id or serial number.')
    devices.save([row], now().toISOString())
    return valuesOf(row, fieldsOf(item.change))
  }

  const settle = (item: OutboxItem, server: FieldValues): boolean => {
    const where = compareWithServer(server, item.base, item.change)
    if (where === 'intended') {
      outbox.setState(item.id, 'done', { error: null, correlationId: deps.correlationId })
      report.done++
      return true
    }
    if (where === 'other') {
      outbox.setState(item.id, 'conflict', {
        server,
        error: { code: 'conflict', message: 'Intune shows a different value than the one this change was based on.' },
      })
      report.conflicts++
      return true
    }
    return false
  }

  // While the client waits out a 503/429 before its retry, the change says why and when, rather than
  // "Sending" with no reason for up to the Retry-After (the state and the next run are left as they are).
  let inFlight: OutboxItem | null = null
  deps.graph.onRetry((waitMs, reason) => {
    const current = inFlight && outbox.get(inFlight.id)
    if (!current) return
    const until = later(waitMs)
    outbox.setState(current.id, current.state, { error: { code: 'retrying', message: reason }, nextAttemptAt: until })
    // One change at a time: the ones behind it wait as long, and must not show a time that passes meanwhile.
    outbox.holdOthersUntil(current.id, until)
    deps.onChange?.()
  })

  for (let guard = 0; guard < 200; guard++) {
    const item = outbox.due(1)[0]
    if (!item) break
    inFlight = item
    /** Set while this item's write is out (not its reads): a write that gets no answer is this change's problem. */
    let writing = false
    try {
      const server = await readServer(item)
      report.contacted = true
      if (settle(item, server)) continue
      if (item.state === 'verifying') {
        // Intune accepted the write but does not show it yet; never resend an accepted write.
        const attempts = item.attempts + 1
        if (attempts >= (deps.maxVerifyAttempts ?? 5)) {
          outbox.setState(item.id, 'failed', {
            attempt: true,
            error: {
              code: 'upstream',
              message: `Intune accepted the change but still shows the old value. ${CHECK_THEN_RETRY_OR_DISCARD}`,
            },
          })
          report.failed++
        } else {
          outbox.setState(item.id, 'verifying', { attempt: true, nextAttemptAt: later(backoffMs(attempts)) })
          report.rescheduled++
        }
        continue
      }
      const write = graphWrite(item.deviceId, item.change)
      // Discarded while its device was being read: not sent. The last try's reason is kept while this one
      // runs ("Trying again now — last time: …"): cleared here, a try that hangs showed "Sending" with no
      // reason and no Discard for the whole timeout of every retry. A try that gets through clears it below.
      if (!outbox.setState(item.id, 'sending', { sent: true, attempt: true, correlationId: deps.correlationId })) continue
      // A retry under way is told at once: the screens said "Waiting to retry … at 8:46 PM" until the run ended.
      if (item.lastError) deps.onChange?.()
      writing = true
      await deps.graph.post(write.path, write.body, ctx)
      writing = false
      outbox.setState(item.id, 'verifying', { error: null })
      const after = await readServer(item).catch(() => null)
      if (!after || !settle({ ...item, state: 'verifying' }, after)) {
        outbox.setState(item.id, 'verifying', { nextAttemptAt: later(backoffMs(0)) })
        report.rescheduled++
      }
    } catch (error) {
      if (handleFailure(item, error, writing)) break
    }
  }
  return report

  /**
   * Returns true when the run should stop (Intune unreachable or not answering). `wasWriting`: the error is
   * the write's own, after the read of the same device answered in this run.
   */
  function handleFailure(item: OutboxItem, error: unknown, wasWriting: boolean): boolean {
    const current = outbox.get(item.id) ?? item
    const envelope = toEnvelopeError(error)
    const intune = intuneAnswerOf(error)
    const status = (error as Partial<GraphError>).status
    const uncertain = (error as AppFailure).details?.uncertain === true || (status !== undefined && status >= 500 && status !== 503)
    const notApplied = status === 429 || status === 503 || envelope.code === 'offline'
    if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408) {
      // A 401/403 in the technician's words (sign in again; the permission or role, and who grants it),
      // with Intune's own answer after it for support. Role refusals are remembered by the shell, not here.
      const explained = toEnvelopeError(explainGraphFailure(error, 'changes:retry-change', null, () => undefined))
      // The sentence first (a 404: the record is gone; a 400: what Intune objected to); Intune's own answer
      // (ids, date, raw text) is kept beside it for "Details for support", not in the sentence.
      const message = intune
        ? intuneAnswerSentence(intune, 'change')
        : explained.code === envelope.code
          ? envelope.message
          : `${explained.message} ${envelope.message}`
      outbox.setState(item.id, 'failed', { error: { code: explained.code, message, intune } })
      report.failed++
      deps.log.log('warn', 'outbox change refused', { correlationId: deps.correlationId, outboxId: item.id, status })
      return false
    }
    const tries = current.attempts
    if (status !== undefined && status >= 500 && status !== 503 && tries >= (deps.maxServerErrors ?? MAX_ERROR_TRIES)) {
      // Not forever: Intune answering 500 to every try is not something waiting fixes by itself (the
      // technician may discard it meanwhile; Failed says so and offers Retry too).
      outbox.setState(item.id, 'failed', {
        error: {
          code: envelope.code,
          message: `${intune ? intuneAnswerSentence(intune, 'change') : envelope.message} It answered with a server error ${tries} times in a row, so the app stopped trying. ${RETRY_OR_DISCARD}`,
          intune,
        },
      })
      report.failed++
      deps.log.log('warn', 'outbox change failed after server errors', { correlationId: deps.correlationId, outboxId: item.id, status, tries })
      return false
    }
    const retryAfter = (error as Partial<GraphError>).retryAfterSeconds
    const delay = retryAfter ? retryAfter * 1000 : backoffMs(current.attempts)
    if (wasWriting && WRITE_UNANSWERED.has(envelope.code)) {
      // Intune answered this device's read a moment ago, then nothing to the write: that is this change's
      // problem (one action of Intune's that hangs), not the tenant's. Marking the whole tenant Offline
      // paused the Bench's re-reads and refused the card's actions while every read still answered. The
      // write may have been applied: it stays `sending`, so the next try reads the device before any resend.
      // Intune unreachable for everything shows on the next read (the next change's, or the next run's).
      outbox.setState(item.id, 'sending', {
        error: { code: envelope.code, message: WRITE_UNANSWERED_WORDS[envelope.code as 'timeout' | 'stalled'] },
        nextAttemptAt: later(delay),
      })
      report.rescheduled++
      deps.log.log('warn', 'outbox change unanswered', { correlationId: deps.correlationId, outboxId: item.id, code: envelope.code })
      return false
    }
    // A write that may have been applied stays `sending`: the next run reads the device before anything else.
    const state = current.state === 'sending' && (uncertain || !notApplied) ? 'sending' : current.state === 'verifying' ? 'verifying' : 'pending'
    outbox.setState(item.id, state, {
      error: intune ? { code: envelope.code, message: intuneAnswerSentence(intune, 'change'), intune } : envelope,
      nextAttemptAt: later(delay),
    })
    report.rescheduled++
    // The same codes the sync counts as "not reachable": a hanging Intune left the status bar "Online" for
    // minutes while every change said it got no answer, and the next items would only wait out the same timeout.
    if (INTUNE_UNREACHABLE.has(envelope.code)) {
      report.offline = true
      return true
    }
    return false
  }
}
