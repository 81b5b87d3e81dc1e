import type { Core } from '../create-core'
import type { Handlers } from '../handlers'
import { notBuiltYet } from './not-built-yet'

type BenchChannel = Extract<keyof Handlers, `jobs:${string}` | `bench:${string}` | `attempts:${string}`>

/** Bench jobs, the bench and pre-provisioning attempts (issue 7 §1, §7, §8). */
export function createBenchHandlers(_core: Core): Pick<Handlers, BenchChannel> {
  return {
    'jobs:list-jobs': notBuiltYet('jobs:list-jobs'),
    'jobs:save-job': notBuiltYet('jobs:save-job'),
    'jobs:close-job': notBuiltYet('jobs:close-job'),
    'jobs:import-manifest': notBuiltYet('jobs:import-manifest'),
    'jobs:list-manifest': notBuiltYet('jobs:list-manifest'),
    'jobs:get-handover-report': notBuiltYet('jobs:get-handover-report'),
    'jobs:export-handover-csv': notBuiltYet('jobs:export-handover-csv'),
    'bench:list-devices': notBuiltYet('bench:list-devices'),
    'bench:add-device': notBuiltYet('bench:add-device'),
    'bench:remove-device': notBuiltYet('bench:remove-device'),
    'attempts:record-event': notBuiltYet('attempts:record-event'),
    'attempts:list-attempts': notBuiltYet('attempts:list-attempts'),
  }
}
