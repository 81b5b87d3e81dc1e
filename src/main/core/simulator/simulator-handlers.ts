import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { createSimulatorService } from './simulator-service'

type SimulatorChannel = Extract<keyof Handlers, `simulator:${string}`>

/** The device simulator talks to the tenant, not the cache: it lives on the main thread. */
export function createSimulatorHandlers(core: Core): Pick<Handlers, SimulatorChannel> {
  const simulator = createSimulatorService(core.tenant)
  return {
    'simulator:list-devices': (request) => simulator.list(request.search),
    'simulator:get-device': (request) => simulator.get(request.key),
    'simulator:press': (request) => simulator.press(request.key, request.action),
    'simulator:steer': (request) => simulator.steer(request.key, request.nextAttempt, request.errorCode),
  }
}
