import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { createSimulatorService } from './simulator-service'
import { dataChanged } from '@shared/data-topics'

type SimulatorChannel = Extract<keyof Handlers, `simulator:${string}`>

/** The device simulator talks to the tenant, not the cache: it lives on the main thread. */
export function createSimulatorHandlers(core: Core): Pick<Handlers, SimulatorChannel> {
  const simulator = createSimulatorService(core.tenant)
  // Every window showing a simulated PC follows it, whoever pressed (the Bench's P/Retry/R drive it too):
  // a second window's Simulator screen still showed "Pre-provisioning complete" with Reseal after R.
  const changed = <T>(answer: Promise<T>): Promise<T> =>
    answer.then((value) => {
      core.bus.emit('data:changed', dataChanged('simulator'))
      return value
    })
  return {
    'simulator:list-devices': (request) => simulator.list(request.search),
    'simulator:get-device': (request) => simulator.get(request.key),
    'simulator:press': (request) => changed(simulator.press(request.key, request.action)),
    'simulator:steer': (request) => changed(simulator.steer(request.key, request.nextAttempt, request.errorCode)),
  }
}
