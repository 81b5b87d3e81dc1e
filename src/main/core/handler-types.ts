import type { Channel, ParsedRequestOf, ResponseOf } from '@shared/channels'
import type { LogSink } from './logging/log-sink'

export interface HandlerContext {
  correlationId: string
  log: LogSink
  /** Aborted when dispatch gives up on the request (its timeout): long work should stop (archive worker). */
  signal?: AbortSignal
}

export type Handler<C extends Channel> = (request: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>>
export type Handlers = { [C in Channel]: Handler<C> }
