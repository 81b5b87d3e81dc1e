import { randomUUID } from 'node:crypto'
import { channels, isChannel } from '@shared/channels'
import { fail, ok, type Result } from '@shared/result'
import { toEnvelopeError } from './app-error'
import type { HandlerContext, Handlers } from './handler-types'
import type { LogSink } from './logging/log-sink'
import { isExpectedRefusal } from './logging/error-fields'

export interface DispatchOptions {
  timeoutMs?: number
  log: LogSink & { withCorrelation?: (id: string) => LogSink }
}

/**
 * The one path every request takes, from IPC and HTTP alike: known channel → validated payload →
 * handler under a timeout → validated response → envelope. Nothing thrown escapes as an exception.
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, options: DispatchOptions): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('invalid', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`)
  const contract = channels[channel]
  const parsed = contract.request.safeParse(payload ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    // Shown to the technician under "could not be done with what was given": the field and why, not the channel.
    options.log.log('warn', 'request refused', { channel, path: issue?.path.join('.') ?? '', issue: issue?.message })
    return fail('invalid', `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'not accepted'}`.trim())
  }
  const correlationId = randomUUID()
  const log = options.log.withCorrelation?.(correlationId) ?? options.log
  const started = Date.now()
  // A channel may declare a longer budget (diagnostics archives); never a shorter one than the caller's.
  const declared = 'timeoutMs' in contract ? contract.timeoutMs : 0
  const timeoutMs = Math.max(options.timeoutMs ?? 15_000, declared)
  let timer: NodeJS.Timeout | undefined
  // Told to the handler, so work that can be stopped (the archive worker) stops when we give up on it.
  const abandon = new AbortController()
  try {
    const handler = handlers[channel] as (request: unknown, ctx: HandlerContext) => Promise<unknown>
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandon.abort()
        reject(Object.assign(new Error('timeout'), { isDispatchTimeout: true }))
      }, timeoutMs)
    })
    const value = await Promise.race([handler(parsed.data, { correlationId, log, signal: abandon.signal }), timeout])
    const checked = contract.response.safeParse(value)
    if (!checked.success) {
      log.log('error', 'handler returned a response outside the contract', { channel, issue: checked.error.issues[0]?.message })
      return fail('internal', `The app produced an unexpected answer for ${channel}.`)
    }
    log.log('debug', 'handled', { channel, ms: Date.now() - started })
    return ok(checked.data)
  } catch (error) {
    if ((error as { isDispatchTimeout?: boolean }).isDispatchTimeout) {
      log.log('warn', 'handler timed out', { channel, timeoutMs })
      // The channel is in the log line above; the technician reads the code's text and this.
      return fail('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s.`)
    }
    const envelope = toEnvelopeError(error)
    // An expected refusal (offline, not-found, a Graph 4xx…) is one line; only the unexpected carry a stack.
    if (isExpectedRefusal(error)) log.log('warn', 'handler refused', { channel, ...envelope })
    else log.log('error', 'handler failed', { channel, ...envelope, stack: error instanceof Error ? error.stack : undefined })
    return { ok: false, error: envelope }
  } finally {
    clearTimeout(timer)
  }
}
