import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'

/**
 * Answers requests Node's parser rejects before any handler runs (oversized headers or request
 * line, broken HTTP), so even garbage gets a Graph-shaped reply instead of a silent reset.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
  const requestId = randomUUID()
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
  const body = JSON.stringify({
    error: {
      code: tooLarge ? 'RequestHeaderFieldsTooLarge' : 'BadRequest',
      message: tooLarge ? 'The request line or headers are too large.' : 'The request is not valid HTTP.',
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
    },
  })
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nrequest-id: ${requestId}\r\nclient-request-id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
