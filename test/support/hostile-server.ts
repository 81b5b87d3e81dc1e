import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface SeenRequest {
  url: string
  authorization: string | undefined
  at: number
}

/**
 * A tiny misbehaving HTTP server on 127.0.0.1 for the Graph client's hardening tests: `answer`
 * decides each reply (garbage, stalls, endless bodies, foreign nextLinks…); every request is
 * recorded with its Authorization header, so a test can prove a token never arrived. `close()`
 * destroys open sockets, so a stalled or endless answer cannot keep the test waiting.
 */
export async function startHostileServer(answer: (req: IncomingMessage, res: ServerResponse, index: number) => void) {
  const requests: SeenRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization, at: Date.now() })
    answer(req, res, requests.length - 1)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body))
