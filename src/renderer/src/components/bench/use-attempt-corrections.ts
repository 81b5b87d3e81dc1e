import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { BenchDevice } from '@shared/bench-schemas'
import { useBenchStore } from '../../stores/stores-context'
import { ordersStrings } from '../../strings/orders'
import type { Notice } from './use-attempt-commands'

const text = ordersStrings

/**
 * Readiness problems shown before a Provision press on a device that is not ready; null items: it could not be checked.
 * `checking`: the online checks still under way when P was pressed (their short names), asked about rather than
 * listed as problems: a question with nothing under it read as "not ready" for no reason.
 */
export type ProvisionGuard = {
  items: Array<{ title: string; fix: string | null }> | null
  checking: string[]
  /** Readiness itself says Ready (the row's ✓): only the PC or a past reseal asks first, so not "not ready". */
  readyVerdict: boolean
}

/**
 * A card read first (a "✓ Ready" row whose card was never opened) starts the online checks (licence,
 * Entra device) and answers "unconfirmed" while they run; they take a second or two. P waits this long
 * for them, re-reading, before it asks.
 */
export const PROVISION_CHECK_WAIT_MS = 2_500
const PROVISION_CHECK_POLL_MS = 400

const checkNames: Record<string, string> = { user: text.guard.checkNames.licence, 'entra-object': text.guard.checkNames.entra }

const isEditable = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * Keys you can take back: P on a device that is not ready asks first (Enter provisions anyway, Esc
 * cancels); every key recorded from this window is offered for Undo (Esc while the offer shows, Ctrl+Z
 * within the core's grace period) while it is still the device's last event; an attempt can be voided
 * with a reason. The core keeps all of it in the audit log.
 *
 * What grows the timeline from elsewhere (another station's key on the same device, Intune's
 * enrollment confirmation after a sync or a scan) is never offered: Esc there used to undo it.
 */
export function useAttemptCorrections(
  device: BenchDevice,
  provision: () => Promise<void>,
  enabled: boolean,
  /** Demo tenant: whether the simulated PC is off (a stray P on a PC that is off asks first too). */
  poweredOff: (deviceId: string) => Promise<boolean> = async () => false,
  /** A key was undone or the attempt voided: what the recorder said of that key no longer applies. */
  onTakenBack: () => void = () => undefined,
) {
  const readinessOf = useBenchStore((state) => state.readinessOf)
  const undoLastEvent = useBenchStore((state) => state.undoLastEvent)
  const voidAttempt = useBenchStore((state) => state.voidAttempt)
  const [guard, setGuard] = useState<ProvisionGuard | null>(null)

  // This window's last key is offered while it was recorded on this device and the timeline still ends
  // with it (bench-store's undoOffer): never what another station or Intune recorded.
  const attempt = device.attempt
  const undoOffer = useBenchStore((state) => state.undoOffer)
  const shownLast = attempt?.state.timeline.at(-1)
  const offer =
    undoOffer && undoOffer.deviceId === device.deviceId && shownLast?.type === undoOffer.type && shownLast.at === undoOffer.at ? undoOffer.label : null
  // What an undo or void answered is shown until this window records a newer key.
  const newestOwnSeq = useBenchStore((state) => state.ownKeys[device.deviceId]?.at(-1)?.seq ?? 0)
  const [answer, setAnswer] = useState<{ notice: Notice; seq: number } | null>(null)
  const notice = answer && answer.seq >= newestOwnSeq ? answer.notice : null
  const setNotice = (next: Notice) => setAnswer({ notice: next, seq: newestOwnSeq })

  /** The readiness, once the online checks the first read started have answered (or the wait is over). */
  const settledReadiness = async () => {
    let readiness = await readinessOf(device.deviceId, device.jobId)
    const until = Date.now() + PROVISION_CHECK_WAIT_MS
    while (readiness.ok && readiness.value?.items.some((item) => item.checking) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, PROVISION_CHECK_POLL_MS))
      readiness = await readinessOf(device.deviceId, device.jobId)
    }
    return readiness
  }

  const requestProvision = async () => {
    const [readiness, off] = await Promise.all([settledReadiness(), poweredOff(device.deviceId)])
    // A resealed device back at the bench (re-used, or scanned for another job) may start a new attempt,
    // but never by a stray P: it asks first, whatever its readiness.
    const resealed = attempt?.state.phase === 'resealed' ? attempt.attemptNumber : null
    // Resealed for another job and scanned for this one: the row shows no attempt of this job, the question names that one.
    const before = device.resealedBefore ?? null
    if (!off && resealed === null && before === null && readiness.ok && readiness.value?.verdict === 'ready') return provision()
    const items = readiness.ok && readiness.value ? readiness.value.items : null
    // Failed, noted and not-checked items are listed; those still being checked are named apart.
    const problems = items ? items.filter((item) => item.status !== 'ok' && !item.checking) : null
    const checking = (items ?? []).filter((item) => item.checking).map((item) => checkNames[item.id] ?? item.title)
    const first = [
      ...(resealed !== null ? [{ title: text.guard.resealed(resealed), fix: text.guard.resealedFix }] : []),
      ...(before !== null && resealed === null ? [{ title: text.guard.resealedFor(before.jobName, before.attemptNumber), fix: text.guard.resealedFix }] : []),
      ...(off ? [{ title: text.guard.poweredOff, fix: text.guard.poweredOffFix }] : []),
    ]
    const readyVerdict = readiness.ok && readiness.value?.verdict === 'ready'
    setGuard({ items: first.length > 0 ? [...first, ...(problems ?? [])] : problems, checking, readyVerdict })
  }

  const confirmProvision = () => {
    setGuard(null)
    void provision()
  }

  const undo = async () => {
    const result = await undoLastEvent(device.deviceId)
    const what = result.ok ? (text.undo.event[result.value.undone.type] ?? result.value.undone.type) : ''
    if (result.ok) onTakenBack()
    setNotice(result.ok ? { kind: 'info', text: text.undo.done(what) } : { kind: 'error', text: result.error.message })
  }

  const voidWithReason = async (reason: string) => {
    if (!attempt) return false
    const result = await voidAttempt(device.deviceId, attempt.attemptNumber, reason)
    if (result.ok) onTakenBack()
    setNotice(result.ok ? { kind: 'info', text: text.voiding.voided(reason) } : { kind: 'error', text: result.error.message })
    return result.ok
  }

  const latest = useRef({ guard, offer, undo, confirmProvision })
  useLayoutEffect(() => {
    latest.current = { guard, offer, undo, confirmProvision }
  })
  // While the question is open it takes Enter and Esc before anything else sees them (capture, stopped
  // there): the bench table's Enter would otherwise also open the device card. Also on the device card,
  // where the recorder's own keys are off: the question's buttons name them ("Provision anyway (Enter)").
  // A wedge scan's Enter never gets here: the scan capture, installed first, stops it (scan-capture.ts).
  // Installed as the question is drawn (a layout effect), not after the paint: an Esc pressed the moment it
  // appears (a fast hand, or a loaded machine's late passive effects) found no listener and left it open.
  const guardOpen = guard !== null
  useLayoutEffect(() => {
    if (!guardOpen) return
    const onGuardKey = (event: KeyboardEvent) => {
      const now = latest.current
      if (!now.guard || (event.key !== 'Escape' && event.key !== 'Enter')) return
      // Enter on one of the question's own buttons (reached with Tab) is that button's: Cancel cancels.
      if (event.key === 'Enter' && event.target instanceof HTMLButtonElement && event.target.closest('.provision-guard')) return
      event.preventDefault()
      event.stopPropagation()
      if (event.key === 'Escape') setGuard(null)
      else now.confirmProvision()
    }
    window.addEventListener('keydown', onGuardKey, true)
    return () => window.removeEventListener('keydown', onGuardKey, true)
  }, [guardOpen])
  useEffect(() => {
    if (!enabled) return
    const onUndoKey = (event: KeyboardEvent) => {
      const now = latest.current
      if (now.guard || event.defaultPrevented || isEditable(event.target)) return
      const ctrlZ = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z'
      if (ctrlZ || (event.key === 'Escape' && now.offer !== null)) {
        event.preventDefault()
        void now.undo()
      }
    }
    window.addEventListener('keydown', onUndoKey)
    return () => window.removeEventListener('keydown', onUndoKey)
  }, [enabled])

  return { guard, cancelGuard: () => setGuard(null), confirmProvision, requestProvision, offer, undo, notice, voidWithReason }
}
