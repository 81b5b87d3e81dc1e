import type { WorkerContext } from './db-methods'

/** Worker methods for the technician flow (issue 7); merged into dbMethods. */
export const cardMethods = {} satisfies Record<string, (ctx: WorkerContext, args: never) => unknown>

/** Which of them only read (see readOnlyMethods). */
export const cardReadOnlyMethods: readonly string[] = []
