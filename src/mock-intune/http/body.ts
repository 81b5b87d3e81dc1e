import type { IncomingMessage } from 'node:http'
import { GraphError } from '../graph-errors'

/** Bodies above this get a Graph-style 400 (mock choice; a 500-row import with 4K hashes is ≈ 3 MB). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024
/** Past this much the connection is cut instead of drained, so a runaway client cannot hold us. */
const MAX_DRAIN_BYTES = 1024 * 1024 * 1024

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; received: number } | { kind: 'aborted' }

/**
 * Reads the whole request body. An oversized body is drained (not buffered) to its end so the
 * client can read our 400 instead of a reset; a truly endless one is cut off.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let received = 0
    let done = false
    const finish = (result: BodyResult) => {
      if (done) return
      done = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received <= MAX_BODY_BYTES) chunks.push(chunk)
      else if (received > MAX_DRAIN_BYTES) {
        req.destroy()
        finish({ kind: 'aborted' })
      }
    })
    req.on('end', () => finish(received > MAX_BODY_BYTES ? { kind: 'too-large', received } : { kind: 'ok', bytes: Buffer.concat(chunks) }))
    req.on('error', () => finish({ kind: 'aborted' }))
    req.on('close', () => finish(received > MAX_BODY_BYTES ? { kind: 'too-large', received } : { kind: 'ok', bytes: Buffer.concat(chunks) }))
  })
}

/** What Graph answers for a body that is not JSON. */
export const unreadableBody = (): GraphError =>
  new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.')

export const bodyTooLarge = (received: number): GraphError =>
  new GraphError(400, 'BadRequest', `The request body is too large (${received} bytes; the limit is ${MAX_BODY_BYTES} bytes).`)

/**
 * Parses a JSON body. Empty, `""` (what WAC posts for body-less actions) and `null` mean "no body".
 * Depth is bounded so a hostile document cannot blow the stack later.
 */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  if (text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw unreadableBody()
  }
  if (value === '' || value === null) return undefined
  if (depthOf(value, 0) > 64) throw unreadableBody()
  return value
}

function depthOf(value: unknown, depth: number): number {
  if (depth > 64 || typeof value !== 'object' || value === null) return depth
  let max = depth
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    max = Math.max(max, depthOf(child, depth + 1))
    if (max > 64) break
  }
  return max
}
