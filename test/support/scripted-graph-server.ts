import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type PageScript =
  { devices: Array<Record<string, unknown>>; next?: 'next' | 'same' | 'none' } | { status: number; body: string; headers?: Record<string, string> }

/**
 * A tiny Graph-shaped server that plays a fixed script of device pages and faults, for sync tests
 * that need exact control (fail at page 2, repeat a nextLink, send garbage). The full mock Intune API
 * is exercised by the other integration tests.
 */
export async function startScriptedGraph(script: PageScript[], token = 'scripted-token-0001', delayMs = 0) {
  const requests: Array<{ url: string; clientRequestId: string | undefined; authorization: string | undefined }> = []
  let origin = ''
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req-${requests.length}`, ...headers }).end(body)
  const server = createServer((req, res) => {
    if (delayMs > 0) return void setTimeout(() => answer(req, res), delayMs)
    answer(req, res)
  })
  function answer(req: import('node:http').IncomingMessage, res: ServerResponse) {
    requests.push({ url: req.url ?? '', clientRequestId: req.headers['client-request-id'] as string | undefined, authorization: req.headers.authorization })
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, '{"error":{"code":"InvalidAuthenticationToken"}}')
    // The sync's second phase: no profiles, default settings (the device pages are what is scripted).
    if (/windowsAutopilotDeploymentProfiles/i.test(req.url ?? '')) return send(res, 200, '{"value":[]}')
    if (/windowsAutopilotSettings/i.test(req.url ?? '')) return send(res, 200, '{"syncStatus":"completed"}')
    // The sync's extras for the device card: ESPs (deviceEnrollmentConfigurations), the app catalogue (mobileApps) and the tenant's domains.
    if (/deviceEnrollmentConfigurations|mobileApps|\/organization/i.test(req.url ?? '')) return send(res, 200, '{"value":[]}')
    const index = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('$skiptoken') ?? '0')
    const step = script[index]
    if (!step) return send(res, 404, '{"error":{"code":"NotFound"}}')
    if ('status' in step) return send(res, step.status, step.body, step.headers)
    const nextIndex = step.next === 'same' ? index : index + 1
    const nextLink = (step.next ?? 'none') === 'none' ? undefined : `${origin}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$skiptoken=${nextIndex}`
    send(res, 200, JSON.stringify({ value: step.devices, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) }))
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    token,
    requests,
    tenant: {
      id: 'scripted',
      displayName: 'Scripted tenant',
      kind: 'graph' as const,
      graphBaseUrl: `${origin}/beta`,
      getToken: async () => token,
      close: async () => undefined,
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A Graph-shaped Autopilot device (docs/reference/graph-api.md B1) with a predictable serial. */
export const graphDevice = (i: number, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.windowsAutopilotDeviceIdentity',
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  serialNumber: `SER${String(i).padStart(6, '0')}`,
  manufacturer: 'Dell Inc.',
  model: 'Latitude 7440',
  groupTag: i % 2 === 0 ? 'BENCH-LDN' : '',
  purchaseOrderIdentifier: 'PO-1',
  userPrincipalName: i % 3 === 0 ? `user${i}@contoso.com` : '',
  addressableUserName: '',
  displayName: '',
  deploymentProfileAssignmentStatus: 'assignedInSync',
  deploymentProfileAssignedDateTime: '2026-01-01T00:00:00Z',
  enrollmentState: 'notContacted',
  remediationState: 'noRemediationRequired',
  ...extra,
})

export const devicePage = (from: number, count: number) => Array.from({ length: count }, (_, k) => graphDevice(from + k))
