import { createStore } from 'zustand/vanilla'
import type { Api } from '@shared/api'
import { call, type Call } from './call'

export interface SimulatorState {
  listDevices: Call<'simulator:list-devices'>
  getDevice: Call<'simulator:get-device'>
  press: Call<'simulator:press'>
  steer: Call<'simulator:steer'>
}

/**
 * The embedded mock's simulated PCs (demo tenant only): the Simulator screen and the bench's
 * "drive the simulated PC" both go through here. Screens keep their own polling and stale-answer guards.
 */
export function createSimulatorStore(api: Api) {
  return createStore<SimulatorState>()(() => ({
    listDevices: call(api, 'simulator:list-devices'),
    getDevice: call(api, 'simulator:get-device'),
    press: call(api, 'simulator:press'),
    steer: call(api, 'simulator:steer'),
  }))
}

export type SimulatorStore = ReturnType<typeof createSimulatorStore>
