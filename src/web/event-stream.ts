import type { ServerResponse } from 'node:http'
import type { EventBus } from '@core/event-bus'

/**
 * Server-sent events for the browser transport. The renderer reads them with fetch() because
 * EventSource cannot send the Authorization header. A comment line every `heartbeatMs` keeps idle
 * proxies and the client's dead-connection check happy.
 */
export function openEventStream(response: ServerResponse, bus: EventBus, heartbeatMs = 15_000): () => void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
  response.write(': connected\n\n')
  const unsubscribe = bus.subscribe((name, payload) => {
    response.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  const heartbeat = setInterval(() => response.write(': ping\n\n'), heartbeatMs)
  heartbeat.unref()
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    unsubscribe()
    response.end()
  }
  response.on('close', close)
  return close
}
