import { useCallback, useState } from 'react'
import type { SimAction } from '@shared/simulator-schemas'
import type { FailureStage } from '@shared/domain/error-knowledge'
import { useAppStore, useSimulatorStore } from '../../stores/stores-context'
import { strings } from '../../strings'
import { benchStrings } from '../../strings/bench'

/** The simulated ESP's phase names (src/mock-intune/sim) in the Bench's words. */
const SIM_PHASE: Record<string, FailureStage> = {
  devicePreparation: 'device-preparation',
  deviceSetup: 'device-setup',
  accountSetup: 'account-setup',
}

/** A press the screen the simulated PC shows does not offer, in the Simulator screen's words. */
const notOffered = (action: string, screen: string) =>
  benchStrings.sim.notOffered(strings.simulator.action[action] ?? action, strings.simulator.screen[screen] ?? screen)

/**
 * The button that starts an attempt on the simulated screen: Provision (Windows 10) or Next (Windows 11)
 * on the pre-provisioning screen or, on the failure screen, Retry. After deleting the Intune record or
 * Unblock the docs say only "redeploy" (docs/reference/autopilot.md §6.3) without naming a button; Retry
 * is the failure screen's way to run the flow again without wiping, so that is what the simulated PC gets.
 * Null on any other screen: "What would you like to do?" has a Next too, but it only leads to the
 * pre-provisioning screen, so pressing it there started the attempt's clock with nothing provisioning
 * (a walk: elapsed time a minute too long, and no word of it).
 */
export function provisionPress(view: { screen: string; actions: readonly string[] }): SimAction | null {
  if (view.screen === 'preprovision') {
    if (view.actions.includes('provision')) return 'provision'
    if (view.actions.includes('next')) return 'next'
    return null
  }
  if (view.screen === 'failed' && view.actions.includes('retry')) return 'retry'
  return null
}

/**
 * Demo tenant only: the bench device is a simulated PC in the embedded mock, so what the technician
 * records can also be pressed on it (Provision / Next, Retry, Reset, Reseal). Off for real tenants,
 * where the app never touches the device.
 */
export function useSimDrive() {
  const demo = useAppStore((state) => state.info?.tenant.kind === 'embedded-mock')
  const getDevice = useSimulatorStore((state) => state.getDevice)
  const pressButton = useSimulatorStore((state) => state.press)
  const [drive, setDrive] = useState(true)
  const active = demo && drive

  const press = useCallback(
    async (deviceId: string, action: SimAction | 'provision-or-next'): Promise<string | null> => {
      if (!active) return null
      let resolved: SimAction = action === 'provision-or-next' ? 'next' : action
      if (action === 'provision-or-next') {
        // Windows 10 shows Provision, Windows 11 Next: press whichever the simulated screen offers. On
        // the failure screen (after deleting the Intune record or Unblock) the next attempt starts with Retry.
        const view = await getDevice({ key: deviceId })
        if (view.ok) {
          const startingPress = provisionPress(view.value)
          if (startingPress === null) return benchStrings.sim.notAtProvision(strings.simulator.screen[view.value.screen] ?? view.value.screen)
          resolved = startingPress
        }
      }
      const result = await pressButton({ key: deviceId, action: resolved })
      if (result.ok) return null
      // Not offered on the screen the PC shows now (R before its success screen): say so in words, not
      // the simulator's ids ("'reseal' is not available on the 'provisioning' screen").
      const view = await getDevice({ key: deviceId })
      if (view.ok && !view.value.actions.includes(resolved)) return notOffered(resolved, view.value.screen)
      return result.error.message
    },
    [getDevice, pressButton, active],
  )

  /** The error code the simulated PC's failure screen shows and the ESP phase it failed in, to pre-fill the code field. */
  const shownCode = useCallback(
    async (deviceId: string): Promise<{ code: string | null; during: FailureStage | null }> => {
      if (!active) return { code: null, during: null }
      const view = await getDevice({ key: deviceId })
      if (!view.ok) return { code: null, during: null }
      const attempt = view.value.attempt
      return { code: attempt?.error?.code ?? null, during: attempt?.error ? (SIM_PHASE[attempt.phase ?? ''] ?? null) : null }
    },
    [getDevice, active],
  )

  /** Demo tenant: the simulated PC is switched off, so a Provision press recorded now cannot be real. */
  const poweredOff = useCallback(
    async (deviceId: string): Promise<boolean> => {
      if (!demo) return false
      const view = await getDevice({ key: deviceId })
      return view.ok && view.value.power === 'off'
    },
    [getDevice, demo],
  )

  return { demo, drive, setDrive, press, shownCode, poweredOff }
}
