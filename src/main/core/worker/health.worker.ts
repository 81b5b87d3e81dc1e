import { getHeapSpaceStatistics } from 'node:v8'
import { capDatabasePages } from '../db/pragmas'
import { internalMethod } from './method'

/** Liveness, and the hooks tests use to crash or hang the worker or fill its disk on purpose (off unless the harness asked). */
export const healthMethods = {
  ...internalMethod('health.check', { readOnly: true }, (ctx, _args: Record<string, never>) => ({ ok: ctx.db.open })),
  ...internalMethod('test.crash', { readOnly: false }, (ctx, _args: Record<string, never>): never => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    process.exit(70)
  }),
  /** The database file may grow only `extraPages` pages past its size now (SQLite's max_page_count), as on a full disk; null lifts the cap. */
  ...internalMethod('test.cap-database', { readOnly: false }, (ctx, args: { extraPages: number | null }) => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    capDatabasePages(ctx.db, args.extraPages)
    return {}
  }),
  /** This worker's young generation as V8 sized it (young-generation.ts): one semi-space, in MiB. */
  ...internalMethod('test.young-generation', { readOnly: true }, (ctx, _args: Record<string, never>) => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
    return { semiSpaceMiB: (newSpace?.space_size ?? 0) / 1024 / 1024 }
  }),
  ...internalMethod('test.hang', { readOnly: false }, (ctx, _args: Record<string, never>): Promise<never> => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    return new Promise<never>(() => undefined)
  }),
}
