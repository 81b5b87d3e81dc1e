import { useEffect, useRef, useState } from 'react'
import type { BenchDevice } from '@shared/bench-schemas'
import { ATTEMPT_ACTION_LABELS, failureNote } from '@shared/domain/attempt'
import type { FailureStage } from '@shared/domain/error-knowledge'
import { benchStrings } from '../../strings/bench'
import { ElapsedTime } from './elapsed-time'
import { FailureCodeField } from './failure-code-field'
import { FailureExplanation } from './failure-explanation'
import { NextActions } from './next-actions'
import { ResealPanel } from './reseal-panel'
import { SimDriveToggle } from './sim-drive-toggle'
import { useAttemptCommands } from './use-attempt-commands'
import { useBenchKeys } from './use-bench-keys'
import { useAttemptCorrections } from './use-attempt-corrections'
import { ProvisionGuardPanel, UndoOffer, VoidAttempt } from './attempt-corrections'
import { useReveal } from '../../hooks/use-reveal'
import { refocusBenchRowsIfLost } from './use-focus-bench-table'
import { ConfirmQuestion } from '../confirm-question'

const text = benchStrings.recorder

/** Code entry: after F (a new failure, timed at the key press) or to correct the code of a recorded one. */
type CodeEntry = { kind: 'new'; at: string; shown: string | null; during: FailureStage | null } | { kind: 'correct' }

/**
 * Records the selected device's pre-provisioning attempt by keyboard, in seconds: P Provision
 * pressed, S success, F failure (then the code), R resealed. Intune shows no live progress, so the
 * technician declares what the device shows; the core stores each event with its time.
 */
export function AttemptRecorder({ device, keysEnabled }: { device: BenchDevice; keysEnabled: boolean }) {
  const commands = useAttemptCommands(device)
  const [entry, setEntry] = useState<CodeEntry | null>(null)
  // Where the keyboard was when the code field opened (the Bench rows, after F): it goes back there when
  // the field closes, so the next key (↓, P) works at once instead of from <body>.
  const focusBeforeEntry = useRef<HTMLElement | null>(null)
  const openEntry = (next: CodeEntry) => {
    focusBeforeEntry.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    setEntry(next)
  }
  const closeEntry = () => {
    setEntry(null)
    const back = focusBeforeEntry.current
    focusBeforeEntry.current = null
    if (back?.isConnected) back.focus()
  }
  const state = device.attempt?.state ?? null
  const phase = state?.phase ?? 'none'
  // A phase change takes its buttons with it (Reset's, with the step list): the focus goes back to the rows.
  useEffect(() => refocusBenchRowsIfLost(), [phase])

  // Resealed too: a device back at the bench starts a new attempt, after a question (use-attempt-corrections.ts).
  const canProvision = phase === 'none' || phase === 'idle' || phase === 'closed' || phase === 'resealed'
  // P (key or button) asks first when the device is not ready; every key can be undone (attempt-corrections.tsx).
  // An undone key takes its notice with it ("the simulated PC did not take the press" beside "Undone: Resealed").
  const corrections = useAttemptCorrections(device, commands.provision, keysEnabled, commands.sim.poweredOff, () => commands.setNotice(null))
  const provision = () => void corrections.requestProvision()
  const startFailure = () => {
    const at = new Date().toISOString()
    // Demo tenant: the simulated PC's failure screen shows a code; pre-fill it (the technician can still change it).
    void commands.sim.shownCode(device.deviceId).then((shown) => openEntry({ kind: 'new', at, shown: shown.code, during: shown.during }))
  }
  // R after a technician flow that ran while the manifest user's assignment still waited to reach Intune (recorded at P
  // or S) asks first: the box would ship with the other user's pre-provisioning. A walk resealed such a device without a
  // word. A device provisioned anyway with no assignment made (P's question said "Assign …") is not asked again; its
  // hand-over row says it either way.
  const [askReseal, setAskReseal] = useState(false)
  const mismatch = state?.userMismatch?.waiting ? state.userMismatch : null
  const reseal = () => (mismatch ? setAskReseal(true) : void commands.reseal())
  const answerReseal = (yes: boolean) => {
    setAskReseal(false)
    if (yes) void commands.reseal()
  }
  // The question takes its buttons with it: the keyboard goes back to the rows.
  useEffect(() => {
    if (!askReseal) refocusBenchRowsIfLost()
  }, [askReseal])
  // A key that does nothing in this phase (S before P, a second P while provisioning) says so and what
  // the phase needs, instead of nothing: at a noisy bench a silent key reads as recorded. Shown for the
  // phase it was pressed in only.
  const [keyNotNow, setKeyNotNow] = useState<{ key: string; phase: string } | null>(null)
  const notNow = (key: string) => () => setKeyNotNow({ key, phase })
  useBenchKeys(
    {
      p: canProvision ? provision : notNow('P'),
      s: phase === 'provisioning' ? () => void commands.succeed() : notNow('S'),
      f: phase === 'provisioning' ? startFailure : notNow('F'),
      r: phase === 'succeeded' ? reseal : notNow('R'),
    },
    keysEnabled && entry === null && corrections.guard === null && !askReseal,
  )
  const shownNotNow = keyNotNow?.phase === phase ? keyNotNow : null
  const notNowRef = useReveal<HTMLParagraphElement>(shownNotNow)

  // A refused key ("'failed' is not possible after success") must be read where it is said.
  const noticeRef = useReveal<HTMLParagraphElement>(commands.notice?.kind === 'error' ? commands.notice : null)

  const saveCode = (code: string, during: FailureStage | null) => {
    const current = entry
    closeEntry()
    if (current?.kind === 'new') void commands.fail(code, current.at, during)
    else if (code !== '') void commands.correctCode(code, during)
  }

  return (
    <section className="attempt-recorder" aria-labelledby="attempt-recorder-heading" data-phase={phase}>
      <h2 id="attempt-recorder-heading">{text.heading(device.serialNumber)}</h2>
      <p className="attempt-recorder__status" role="status">
        {device.attempt ? `${text.attemptNo(device.attempt.attemptNumber)} · ` : ''}
        {text.phase[phase]}
      </p>
      <p>
        {text.elapsed}: <ElapsedTime state={state} />
      </p>
      <SimDriveToggle sim={commands.sim} />
      <div className="button-row">
        <button type="button" className="button" disabled={!canProvision || commands.busy} onClick={provision}>
          {text.provision}
        </button>
        <button type="button" className="button" disabled={phase !== 'provisioning' || commands.busy} onClick={() => void commands.succeed()}>
          {text.success}
        </button>
        <button type="button" className="button" disabled={phase !== 'provisioning' || commands.busy} onClick={startFailure}>
          {text.failure}
        </button>
      </div>
      {shownNotNow ? (
        <p ref={notNowRef} className="notice notice--info" role="status" data-testid="key-not-now">
          <span aria-hidden="true">ℹ </span>
          {text.keyNotNow(shownNotNow.key)} {text.phase[phase]}
        </p>
      ) : null}
      <ProvisionGuardPanel corrections={corrections} />
      <UndoOffer corrections={corrections} keys={keysEnabled} />
      {commands.busy ? <p className="hint">{text.saving}</p> : null}
      {commands.notice ? (
        <p ref={noticeRef} className={`notice notice--${commands.notice.kind}`} role={commands.notice.kind === 'error' ? 'alert' : 'status'}>
          <span aria-hidden="true">{commands.notice.kind === 'error' ? '⚠ ' : 'ℹ '}</span>
          {commands.notice.text}
        </p>
      ) : null}
      {entry ? (
        <FailureCodeField
          serial={device.serialNumber}
          initial={entry.kind === 'new' ? (entry.shown ?? '') : state?.outcome?.kind === 'failure' ? (state.outcome.input ?? '') : ''}
          initialDuring={entry.kind === 'new' ? entry.during : state?.outcome?.kind === 'failure' ? (state.outcome.during ?? null) : null}
          onSave={saveCode}
          onCancel={closeEntry}
        />
      ) : null}
      {state?.outcome?.kind === 'failure' ? (
        <>
          <FailureExplanation input={state.outcome.input} during={state.outcome.during ?? null} note={failureNote(state)} />
          {phase === 'failed' && entry === null ? (
            <>
              <button type="button" className="button" onClick={() => openEntry({ kind: 'correct' })}>
                {benchStrings.code.correct}
              </button>
              <NextActions state={state} busy={commands.busy} onChoose={(action) => void commands.choose(action)} />
            </>
          ) : null}
          {state.nextAction ? <p>{benchStrings.actions.done(ATTEMPT_ACTION_LABELS[state.nextAction.action])}</p> : null}
        </>
      ) : null}
      {askReseal && mismatch && phase === 'succeeded' ? (
        <ConfirmQuestion
          title={text.userMismatch.title}
          confirmLabel={text.userMismatch.confirm}
          cancelLabel={text.userMismatch.cancel}
          onConfirm={() => answerReseal(true)}
          onCancel={() => answerReseal(false)}
          testId="reseal-user-question"
        >
          <p>{text.userMismatch.body(mismatch.inIntune, mismatch.manifest, mismatch.waiting)}</p>
        </ConfirmQuestion>
      ) : null}
      {state && (phase === 'succeeded' || phase === 'resealed') ? <ResealPanel state={state} busy={commands.busy} onResealed={reseal} /> : null}
      {device.attempt ? <VoidAttempt key={device.attempt.attemptNumber} corrections={corrections} /> : null}
    </section>
  )
}
