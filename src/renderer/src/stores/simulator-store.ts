import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { call, type Call } from './call'
import { followTopics } from './follow-topics'

export interface SimulatorState {
  listDevices: Call<'simulator:list-devices'>
  getDevice: Call<'simulator:get-device'>
  press: Call<'simulator:press'>
  steer: Call<'simulator:steer'>
  /** Bumped when a simulated PC changed (a press or steering from any window or screen): screens read it again. */
  revision: number
  /** Follows the core's `simulator` topic while the app is mounted (StoresProvider). Returns the detach function. */
  attach(): () => void
}

/**
 * The embedded mock's simulated PCs (demo tenant only): the Simulator screen and the bench's
 * "drive the simulated PC" both go through here. Screens keep their own polling and stale-answer guards.
 */
export function createSimulatorStore(api: Api) {
  const store = createStore<SimulatorState>()(() => ({
    listDevices: call(api, 'simulator:list-devices'),
    getDevice: call(api, 'simulator:get-device'),
    press: call(api, 'simulator:press'),
    steer: call(api, 'simulator:steer'),
    revision: 0,
    // In attach, not at creation: a subscription made at creation was never undone (StrictMode creates the stores twice).
    attach: () => followTopics(api, ['simulator'], () => store.setState((state) => ({ revision: state.revision + 1 }))),
  }))
  return store
}

export type SimulatorStore = ReturnType<typeof createSimulatorStore>
