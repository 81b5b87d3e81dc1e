import type { IncomingMessage } from 'node:http'

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message)
  }
}

/** Reads a JSON request body, refusing non-JSON content types and anything over `maxBytes` as it streams. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new BodyError(415, 'Requests must be JSON (Content-Type: application/json).')
  const declared = Number(request.headers['content-length'] ?? '0')
  if (declared > maxBytes) throw new BodyError(413, `Request body over ${maxBytes} bytes.`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new BodyError(413, `Request body over ${maxBytes} bytes.`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.')
  }
}
