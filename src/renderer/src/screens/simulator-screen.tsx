import { useCallback, useEffect, useRef, useState } from 'react'
import type { SimAction, SimDeviceSummary, SimDeviceView } from '@shared/simulator-schemas'
import { simActions, simSteeringSchema, type SimSteering } from '@shared/simulator-schemas'
import type { AppError } from '@shared/result'
import { ErrorMessage } from '../components/error-message'
import { QrCode } from '../components/qr-code'
import { useAppStore, useSimulatorStore } from '../stores/stores-context'
import { strings } from '../strings'
import './simulator-screen.css'

const isAction = (value: string): value is SimAction => (simActions as readonly string[]).includes(value)

/**
 * The OOBE simulator (demo tenant only): the screens of the embedded mock's simulated PCs, above all
 * the Windows 11 "Pre-provision with Windows Autopilot" page — organisation, profile, assigned user
 * and the QR code exactly as Windows builds it — with the device's buttons (Refresh, Next…). A
 * second window, another browser or a phone can scan the code. No profile, no QR, as on hardware.
 */
export function SimulatorScreen() {
  const s = strings.simulator
  const listDevices = useSimulatorStore((state) => state.listDevices)
  const getDevice = useSimulatorStore((state) => state.getDevice)
  const steerDevice = useSimulatorStore((state) => state.steer)
  const pressButton = useSimulatorStore((state) => state.press)
  const tenantKind = useAppStore((state) => state.info?.tenant.kind)
  // A simulated PC changed — pressed here, on the Bench (P, Retry, R) or in another window: read again.
  const revision = useSimulatorStore((state) => state.revision)
  const [search, setSearch] = useState('')
  const [devices, setDevices] = useState<SimDeviceSummary[]>([])
  const [listError, setListError] = useState<AppError | null>(null)
  const [chosen, setChosen] = useState<string | null>(null)
  const [view, setView] = useState<SimDeviceView | null>(null)
  const [viewError, setViewError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  // Bumped to (re)start polling; `generation` drops answers to reads that a press has overtaken.
  const [pollKey, setPollKey] = useState(0)
  const generation = useRef(0)

  const loadList = useCallback(
    async (term: string) => {
      const result = await listDevices({ search: term })
      if (result.ok) {
        setDevices(result.value.devices)
        setListError(null)
      } else setListError(result.error)
    },
    [listDevices],
  )

  useEffect(() => {
    if (tenantKind !== 'embedded-mock') return
    const timer = setTimeout(() => void loadList(search), search ? 250 : 0)
    return () => clearTimeout(timer)
  }, [loadList, search, tenantKind, revision])

  /** The chosen PC, or the first of the list until one is chosen. */
  const selected = chosen ?? devices[0]?.id ?? null

  // The selected PC's screen; polled while it provisions (the ESP moves on by itself). Only the
  // newest read may set the view: a poll answered after a press would otherwise undo the press.
  useEffect(() => {
    if (!selected) return
    const mine = ++generation.current
    let live = true
    let timer: ReturnType<typeof setTimeout> | null = null
    const load = async () => {
      const result = await getDevice({ key: selected })
      if (!live || generation.current !== mine) return
      if (result.ok) {
        setView(result.value)
        setViewError(null)
        if (result.value.screen === 'provisioning') timer = setTimeout(() => void load(), 2000)
      } else setViewError(result.error)
    }
    void load()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
    }
  }, [getDevice, selected, pollKey, revision])

  // The mock uses a steering up with the next attempt, so the select shows what the PC reports.
  const steering = simSteeringSchema.safeParse(view?.steering?.next ?? 'random').data ?? 'random'
  const steer = async (next: SimSteering) => {
    if (!selected) return
    const result = await steerDevice({ key: selected, nextAttempt: next, errorCode: null })
    if (result.ok) {
      setView(result.value)
      setViewError(null)
    } else setViewError(result.error)
  }

  const press = async (action: SimAction) => {
    if (!selected) return
    setBusy(true)
    generation.current++
    const result = await pressButton({ key: selected, action })
    setBusy(false)
    if (result.ok) {
      setView(result.value)
      setViewError(null)
      if (result.value.screen === 'provisioning') setPollKey((key) => key + 1)
      void loadList(search)
    } else setViewError(result.error)
  }

  if (tenantKind && tenantKind !== 'embedded-mock') {
    return (
      <section className="screen" aria-labelledby="simulator-heading">
        <h1 id="simulator-heading">{s.heading}</h1>
        <p className="empty-state">{s.onlyDemo}</p>
      </section>
    )
  }

  return (
    <section className="screen simulator" aria-labelledby="simulator-heading">
      <header className="screen__header">
        <h1 id="simulator-heading">{s.heading}</h1>
      </header>
      <p className="muted">{s.intro}</p>
      <div className="simulator__layout">
        <nav className="simulator__list" aria-label={s.devices}>
          <label className="simulator__search">
            <span>{s.search}</span>
            <input type="search" value={search} placeholder={s.searchPlaceholder} onChange={(event) => setSearch(event.target.value)} />
          </label>
          {listError ? <ErrorMessage title={s.loadFailed} error={listError} /> : null}
          <ul>
            {devices.map((device) => (
              <li key={device.id}>
                <button
                  type="button"
                  className="simulator__device"
                  aria-current={device.id === selected ? 'true' : undefined}
                  onClick={() => setChosen(device.id)}
                >
                  <span className="mono">{device.serialNumber}</span>
                  <span className="muted">
                    {device.scenario ?? device.model} · {s.screen[device.screen] ?? device.screen}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="simulator__pc">
          {viewError ? <ErrorMessage error={viewError} /> : null}
          {view ? <DeviceScreen view={view} busy={busy} onPress={(action) => void press(action)} /> : null}
          {view ? (
            <label className="simulator__steer">
              <span>{s.steerLabel}</span>
              <select value={steering} onChange={(event) => void steer(simSteeringSchema.parse(event.target.value))} aria-describedby="sim-steer-hint">
                {simSteeringSchema.options.map((option) => (
                  <option key={option} value={option}>
                    {s.steer[option]}
                  </option>
                ))}
              </select>
              <span id="sim-steer-hint" className="muted">
                {s.steerHint}
              </span>
            </label>
          ) : null}
        </div>
      </div>
    </section>
  )
}

function DeviceScreen({ view, busy, onPress }: { view: SimDeviceView; busy: boolean; onPress(action: SimAction): void }) {
  const s = strings.simulator
  const actions = view.actions.filter(isAction)
  const details = view.screen === 'preprovision' || view.screen === 'success' || view.screen === 'failed' || view.screen === 'provisioning'
  return (
    <article
      className={`oobe oobe--${view.screen}${view.screen === 'preprovision' && !view.qrPayload ? ' oobe--no-profile' : ''}`}
      data-testid="sim-screen"
      data-screen={view.screen}
      aria-label={`${view.device.serialNumber} — ${s.screen[view.screen] ?? view.screen}`}
    >
      <p className="oobe__device muted">
        {view.device.manufacturer} {view.device.model} · <span className="mono">{view.device.serialNumber}</span> · {view.device.windows}
      </p>
      {view.power !== 'on' || view.screen === 'off' ? <p className="oobe__off">{s.screenOff}</p> : null}
      {view.title ? <h2 className="oobe__title">{view.title}</h2> : null}
      {view.message ? <p className="oobe__message">{view.message}</p> : null}
      {details ? (
        <dl className="oobe__details">
          <dt>{s.organisation}</dt>
          <dd>{view.organizationName ?? '—'}</dd>
          <dt>{s.profile}</dt>
          <dd>{view.profileName ?? '—'}</dd>
          <dt>{s.assignedUser}</dt>
          <dd>{view.assignedUser ?? '—'}</dd>
        </dl>
      ) : null}
      {view.qrPayload ? (
        <div className="oobe__qr">
          <QrCode text={view.qrPayload} label={s.qrLabel(view.device.serialNumber)} />
        </div>
      ) : view.screen === 'preprovision' ? (
        <p className="oobe__noqr">{s.noQr}</p>
      ) : null}
      {view.screen === 'preprovision' ? <p className="oobe__hint muted">{s.refreshHint}</p> : null}
      {view.attempt ? (
        <div className="oobe__attempt">
          <p>{s.elapsed(view.attempt.elapsedSeconds)}</p>
          <ol className="oobe__steps">
            {view.attempt.steps.map((step) => (
              <li key={`${step.phase}-${step.name}`} data-status={step.status}>
                {step.name} — {s.step[step.status] ?? step.status}
              </li>
            ))}
          </ol>
          {view.attempt.error ? (
            <p className="oobe__error" role="alert">
              {s.error(view.attempt.error.code, view.attempt.error.step)}: {view.attempt.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="oobe__buttons">
        {actions.map((action, index) => (
          <button
            key={action}
            type="button"
            className={`button${index === actions.length - 1 ? ' button--primary' : ''}`}
            disabled={busy}
            onClick={() => onPress(action)}
          >
            {s.action[action] ?? action}
          </button>
        ))}
      </div>
    </article>
  )
}
