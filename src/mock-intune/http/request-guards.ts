import type { IncomingMessage } from 'node:http'
import { GraphError } from '../graph-errors'

/**
 * The mock's front door, checked before anything else (even the token): it serves only clients on
 * this machine that address it by a loopback name, and never a browser page.
 *
 * - Host must be `127.0.0.1:<port>`, `localhost:<port>` (or `<listen address>:<port>` when started
 *   with an explicit `--host`): a DNS-rebinding page reaches us under its own name and gets 403.
 * - Any `Origin` header is refused with 403: the app calls the mock from Node (no Origin); a browser
 *   always sends one on the cross-origin and scripted requests a hostile page could make.
 *
 * The app's web transport (src/web/request-guards.ts) has the same Host rule. The mock never imports
 * app code, so the few lines are written again here on purpose.
 */

/** The Host header values accepted for a server listening on `listenHost:port`. */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
  // A wildcard listen address is not a name anyone should address us by; loopback names stay the only ones.
  if (listenHost !== '0.0.0.0' && listenHost !== '::') {
    const bracketed = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost
    hosts.add(`${bracketed.toLowerCase()}:${port}`)
  }
  return hosts
}

// Graph answers refusals of its front door with 403 and a plain error; the code and text are a mock choice.
const forbidden = (message: string) => new GraphError(403, 'Forbidden', message)

/** Throws a Graph-shaped 403 unless the request came with an allowed Host and without an Origin. */
export function assertLocalCaller(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const host = (req.headers.host ?? '').toLowerCase()
  if (!allowed.has(host)) throw forbidden('Unexpected Host header: the mock Intune API answers only to 127.0.0.1 or localhost.')
  if (req.headers.origin !== undefined) throw forbidden('Requests from a browser page (with an Origin header) are refused.')
}
