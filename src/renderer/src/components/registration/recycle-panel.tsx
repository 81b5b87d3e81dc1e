import { useEffect, useId, useRef, useState } from 'react'
import type { DeviceSummary } from '@shared/device-schemas'
import type { RecyclePlan } from '@shared/registration-schemas'
import { RECYCLE_FLOWS, confirmsSerial, type RecycleFlowId, type RecycleStep } from '@shared/domain/recycle-flows'
import { LEARN_PAGES } from '@shared/domain/learn-pages'
import { useRegistrationStore, useSyncStore } from '../../stores/stores-context'
import { useFocusAfterAction } from '../../hooks/use-focus-after-action'
import { ErrorMessage } from '../error-message'
import { LearnLinks } from '../learn-citation'
import { recycleStrings as text } from '../../strings/recycle'

type StepOutcome = { ok: true; message: string } | { ok: false; error: { code: string; message: string } }

/**
 * Why a step does not apply to this device, from what Intune says it has (recycle:get-plan); null when it
 * applies or is not known. Before, every step was offered: "Delete the Intune device record" for a device
 * that never enrolled ran only to answer that there was nothing to delete.
 */
function notApplicable(step: RecycleStep, plan: RecyclePlan | null): string | null {
  if (!plan || !step.action) return null
  if (!plan.autopilotRecord) return step.action === 'check-gone' ? null : text.noRegistration
  if (step.action === 'delete-intune-record' && plan.intuneRecord === false) return text.noIntuneRecord
  if (step.action === 'unassign-user' && plan.source === 'online' && plan.userPrincipalName === '') return text.noUser
  return null
}

function StepRow({
  step,
  device,
  plan,
  offline,
  offlineId,
}: {
  step: RecycleStep
  device: DeviceSummary
  plan: RecyclePlan | null
  offline: boolean
  offlineId: string
}) {
  const runStep = useRegistrationStore((state) => state.runRecycleStep)
  const [typed, setTyped] = useState('')
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<StepOutcome | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)
  // Run is disabled while the step runs, and the focus fell to <body>: it goes to the step's result.
  const focusAfter = useFocusAfterAction(30_000)
  const ids = useId()
  const confirmed = !step.destructive || confirmsSerial(typed, device.serialNumber)
  const skip = outcome ? null : notApplicable(step, plan)
  async function run() {
    if (!step.action) return
    focusAfter(() => resultRef.current)
    setRunning(true)
    const result = await runStep({ deviceId: device.id, action: step.action, confirmSerial: typed })
    setRunning(false)
    setOutcome(result.ok ? { ok: true, message: result.value.message } : { ok: false, error: result.error })
    if (result.ok) setTyped('')
  }
  return (
    <li data-testid={`recycle-step-${step.id}`}>
      <p>
        <strong>{step.title}</strong>
        {step.optional ? ` ${text.optional}` : null}
      </p>
      <p className="muted">{step.what}</p>
      {skip ? (
        <p data-testid={`recycle-skip-${step.id}`}>{skip}</p>
      ) : step.action ? (
        <div className="reg-actions">
          {step.destructive ? (
            <label htmlFor={`${ids}-serial`}>
              {text.typeSerial(device.serialNumber)}{' '}
              <input
                id={`${ids}-serial`}
                value={typed}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setTyped(event.target.value)}
                data-testid={`recycle-confirm-${step.id}`}
                data-scan-serial
              />
            </label>
          ) : null}
          <button
            type="button"
            className="button"
            disabled={!confirmed || running || offline}
            aria-describedby={offline ? offlineId : undefined}
            onClick={() => void run()}
            data-testid={`recycle-run-${step.id}`}
          >
            {running ? text.running : text.run}
          </button>
        </div>
      ) : (
        <p className="muted">{text.elsewhere}</p>
      )}
      {outcome ? (
        <div ref={resultRef} tabIndex={-1} data-testid={`recycle-outcome-${step.id}`}>
          {outcome.ok ? (
            <p role="status" data-testid={`recycle-result-${step.id}`}>
              {outcome.message}
            </p>
          ) : (
            <ErrorMessage title={text.failed} error={outcome.error} />
          )}
        </div>
      ) : null}
    </li>
  )
}

/** Devices that come back: the guided flows in the documented order (src/shared/domain/recycle-flows.ts). */
export function RecyclePanel() {
  const findDevice = useRegistrationStore((state) => state.findDevice)
  const getPlan = useRegistrationStore((state) => state.getRecyclePlan)
  // Only while the app knows Intune cannot be reached (the status bar's Offline); unknown is not offline.
  const offline = useSyncStore((state) => state.status?.online === false)
  const [serial, setSerial] = useState('')
  const [devices, setDevices] = useState<DeviceSummary[] | null>(null)
  const [device, setDevice] = useState<DeviceSummary | null>(null)
  // Nothing picked for the technician: the flows range from unassigning a user to deleting the
  // registration, and which one applies is theirs to say.
  const [flow, setFlow] = useState<RecycleFlowId | null>(null)
  const [error, setError] = useState<{ code: string; message: string } | null>(null)
  const ids = useId()

  async function find() {
    setError(null)
    setDevice(null)
    const result = await findDevice(serial)
    if (!result.ok) return setError(result.error)
    setDevices(result.value)
    if (result.value.length === 1) setDevice(result.value[0]!)
  }

  // What the device has, read again when another device is chosen and when the app comes back online
  // (the last answer for the same device stays shown meanwhile).
  const deviceId = device?.id ?? null
  const planKey = deviceId ? `${deviceId}:${offline ? 'offline' : 'online'}` : null
  const [planned, setPlanned] = useState<{ key: string; deviceId: string; plan: RecyclePlan | null } | null>(null)
  useEffect(() => {
    if (!deviceId || !planKey) return
    let current = true
    void getPlan({ deviceId }).then((result) => {
      if (current) setPlanned({ key: planKey, deviceId, plan: result.ok ? result.value : null })
    })
    return () => {
      current = false
    }
  }, [deviceId, planKey, getPlan])
  const plan = planned && planned.deviceId === deviceId ? planned.plan : null
  const planning = planKey !== null && planned?.key !== planKey

  const chosen = flow ? RECYCLE_FLOWS[flow] : null
  return (
    // data-scan-keeps: a device found and a flow chosen are work a scan must not throw away (scan-into-field.ts).
    <section className="reg-panel" aria-labelledby={`${ids}-h`} data-testid="recycle-panel" data-scan-keeps>
      <h2 id={`${ids}-h`}>{text.heading}</h2>
      <p className="muted">{text.intro}</p>
      <form
        className="reg-actions"
        onSubmit={(event) => {
          event.preventDefault()
          void find()
        }}
      >
        <label htmlFor={`${ids}-find`}>{text.serial}</label>
        <input
          id={`${ids}-find`}
          value={serial}
          onChange={(event) => setSerial(event.target.value)}
          autoComplete="off"
          data-testid="recycle-serial"
          data-scan-serial
          data-scan-submits
        />
        <button type="submit" className="button" disabled={serial.trim() === ''}>
          {text.find}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      {devices !== null && devices.length === 0 ? <p className="empty-state">{text.notFound}</p> : null}
      {devices !== null && devices.length > 1 ? (
        <ul>
          {devices.map((d) => (
            <li key={d.id}>
              <button type="button" className="reg-link" onClick={() => setDevice(d)}>
                {d.serialNumber} — {d.manufacturer} {d.model}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {device ? (
        <>
          <p data-testid="recycle-device">{text.device(device.serialNumber, `${device.manufacturer} ${device.model}`.trim(), device.userPrincipalName)}</p>
          <p className="muted" data-testid="recycle-records">
            {plan
              ? text.records({ autopilot: plan.autopilotRecord, intune: plan.intuneRecord, entra: plan.entraDevice, fromCache: plan.source === 'cache' })
              : planning
                ? text.checking
                : null}
          </p>
          {offline ? (
            <p className="reg-offline" role="note" id={`${ids}-offline`} data-testid="recycle-offline">
              <span aria-hidden="true">⚠ </span>
              {text.offline}
            </p>
          ) : null}
          <fieldset className="reg-actions">
            <legend>{text.flow}</legend>
            {Object.values(RECYCLE_FLOWS).map((f) => (
              <label key={f.id}>
                <input type="radio" name={`${ids}-flow`} value={f.id} checked={flow === f.id} onChange={() => setFlow(f.id)} /> {f.title}
              </label>
            ))}
          </fieldset>
          {chosen ? (
            <>
              <p>{chosen.intro}</p>
              <ol className="recycle-steps" key={`${device.id}-${flow}`}>
                {chosen.steps.map((step) => (
                  <StepRow key={step.id} step={step} device={device} plan={plan} offline={offline} offlineId={`${ids}-offline`} />
                ))}
              </ol>
              {chosen.notes.length > 0 ? (
                <ul className="muted">
                  {chosen.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <p className="muted" data-testid="recycle-pick-flow">
              {text.pickFlow}
            </p>
          )}
          <LearnLinks pages={[LEARN_PAGES['registration-overview'], LEARN_PAGES['manual-registration']]} />
        </>
      ) : null}
    </section>
  )
}
