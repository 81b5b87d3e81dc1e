import { useState } from 'react'
import type { BenchDevice } from '@shared/bench-schemas'
import { attemptReducer, ATTEMPT_ACTION_LABELS, type AttemptEvent } from '@shared/domain/attempt'
import type { AttemptAction, FailureStage } from '@shared/domain/error-knowledge'
import type { OnlineAction } from '@shared/action-schemas'
import { useBenchStore, useDeviceActionsStore } from '../../stores/stores-context'
import { benchStrings } from '../../strings/bench'
import { useSimDrive } from './use-sim-drive'

export type Notice = { kind: 'info' | 'error'; text: string }

const onlineActionFor: Partial<Record<AttemptAction, OnlineAction>> = {
  'delete-record': 'delete-intune-record',
  unblock: 'unblock-device',
}

const nowIso = () => new Date().toISOString()

/**
 * What the recorder does for each key or button: record the event in the core (attempts:record-event),
 * call Intune for the online-only fixes (delete the Intune record, Unblock device), and in the demo
 * tenant press the same button on the simulated PC.
 */
export function useAttemptCommands(device: BenchDevice | null) {
  const recordEvent = useBenchStore((state) => state.recordEvent)
  const getDevice = useDeviceActionsStore((state) => state.getDevice)
  const runOnlineAction = useDeviceActionsStore((state) => state.runOnlineAction)
  const sim = useSimDrive()
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  const run = async (work: (id: string) => Promise<Notice | null>) => {
    if (!device || busy) return
    setBusy(true)
    setNotice(null)
    try {
      setNotice(await work(device.deviceId))
    } finally {
      setBusy(false)
    }
  }

  const record = async (id: string, event: AttemptEvent): Promise<Notice | null> => {
    const result = await recordEvent(id, event)
    return result.ok ? null : { kind: 'error', text: `${benchStrings.recorder.recordFailed}: ${result.error.message}` }
  }

  const simNotice = (failure: string | null): Notice | null => (failure ? { kind: 'error', text: benchStrings.sim.failed(failure) } : null)

  const provision = () =>
    run(async (id) => (await record(id, { type: 'provision-pressed', at: nowIso() })) ?? simNotice(await sim.press(id, 'provision-or-next')))

  const succeed = () => run((id) => record(id, { type: 'succeeded', at: nowIso() }))

  /** `at`: when F was pressed, not when the code was saved (the elapsed time stops at the failure screen). */
  const fail = (code: string, at: string, during: FailureStage | null = null) =>
    run((id) => record(id, { type: 'failed', at, code: code === '' ? null : code, during }))

  const correctCode = (code: string, during?: FailureStage | null) => run((id) => record(id, { type: 'code-entered', at: nowIso(), code, during }))

  const reseal = () => run(async (id) => (await record(id, { type: 'resealed', at: nowIso() })) ?? simNotice(await sim.press(id, 'reseal')))

  const choose = (action: AttemptAction) =>
    run(async (id) => {
      const state = device?.attempt?.state
      if (!state) return null
      // Unblock doesn't work on Fix pending (docs/reference/autopilot.md §3.1): the cached profile status goes with the choice.
      const cached = action === 'unblock' ? await getDevice({ id }) : null
      const profileStatus = cached?.ok && cached.value ? cached.value.profileStatus : null
      const event: AttemptEvent = { type: 'next-action', at: nowIso(), action, profileStatus }
      // Refused choices (an ineligible OEM for Unblock…) are explained before anything calls Intune.
      const check = attemptReducer(state, event)
      if (!check.ok) return { kind: 'error', text: check.error.message }
      const online = onlineActionFor[action]
      let intuneSaid = ''
      if (online) {
        const result = await runOnlineAction({ action: online, deviceId: id })
        if (!result.ok) return { kind: 'error', text: result.error.message }
        if (!result.value.done) return { kind: 'error', text: result.value.message }
        intuneSaid = result.value.message
      }
      const recorded = await record(id, event)
      if (recorded) return recorded
      const done: Notice = { kind: 'info', text: benchStrings.actions.done(ATTEMPT_ACTION_LABELS[action]) }
      if (action === 'retry') {
        // Retry on the failure screen re-runs the technician flow at once: it is the next attempt's Provision press.
        const pressed = simNotice(await sim.press(id, 'retry'))
        return (await record(id, { type: 'provision-pressed', at: nowIso() })) ?? pressed ?? { kind: 'info', text: benchStrings.actions.retryStarts }
      }
      if (action === 'reset') return simNotice(await sim.press(id, 'reset')) ?? { kind: 'info', text: benchStrings.actions.resetRestarts }
      if (action === 'fix-profile') return { kind: 'info', text: benchStrings.actions.fixProfileHint }
      if (action === 're-register') return { kind: 'info', text: benchStrings.actions.reRegisterHint }
      return intuneSaid ? { kind: 'info', text: `${done.text} ${intuneSaid}` } : done
    })

  return { busy, notice, setNotice, sim, provision, succeed, fail, correctCode, reseal, choose }
}
