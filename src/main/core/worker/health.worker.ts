import { internalMethod } from './method'

/** Liveness, and the hooks tests use to crash or hang the worker on purpose (off unless the harness asked). */
export const healthMethods = {
  ...internalMethod('health.check', { readOnly: true }, (ctx, _args: Record<string, never>) => ({ ok: ctx.db.open })),
  ...internalMethod('test.crash', { readOnly: false }, (ctx, _args: Record<string, never>): never => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    process.exit(70)
  }),
  ...internalMethod('test.hang', { readOnly: false }, (ctx, _args: Record<string, never>): Promise<never> => {
    if (!ctx.allowTestHooks) throw new Error('test hooks are disabled')
    return new Promise<never>(() => undefined)
  }),
}
