import type { WorkerContext } from './db-methods'

/** Worker methods for the technician flow (issue 7); merged into dbMethods. */
export const benchMethods = {} satisfies Record<string, (ctx: WorkerContext, args: never) => unknown>

/** Which of them only read (see readOnlyMethods). */
export const benchReadOnlyMethods: readonly string[] = []
