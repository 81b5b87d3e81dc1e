import { readFileSync } from 'node:fs'
import type { Cloud } from '@shared/domain/clouds'

/**
 * A test authority given by the environment (the mock Intune's Entra provider): `AB_TEST_CLOUD` =
 * `{"authority":"https://127.0.0.1:PORT","graph":"https://127.0.0.1:PORT"}` and `AB_EXTRA_CA_FILE` =
 * the PEM of its CA. A cloud is data (src/shared/domain/clouds.ts), so the test cloud goes through the same
 * code as the global one. The authority must be https (MSAL refuses http); Graph may be http only on loopback.
 */
export function testCloudFromEnv(env: NodeJS.ProcessEnv): Cloud | null {
  const text = env.AB_TEST_CLOUD?.trim()
  if (!text) return null
  const parsed = JSON.parse(text) as { authority?: unknown; graph?: unknown; resource?: unknown }
  if (typeof parsed.authority !== 'string' || typeof parsed.graph !== 'string') throw new Error('AB_TEST_CLOUD needs "authority" and "graph" URLs.')
  const authority = new URL(parsed.authority)
  const graph = new URL(parsed.graph)
  // Graph may be plain http only on loopback, like the embedded mock; the authority is always https (MSAL requires it).
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(graph.hostname)
  if (authority.protocol !== 'https:' || (graph.protocol !== 'https:' && !(graph.protocol === 'http:' && loopback)))
    throw new Error('AB_TEST_CLOUD: the authority must be https, and Graph https unless it is on this computer (127.0.0.1).')
  return {
    id: 'test',
    displayName: `Test authority (${authority.host})`,
    authorityHost: authority.host,
    graphRoot: graph.href.replace(/\/+$/, ''),
    graphResource: typeof parsed.resource === 'string' ? parsed.resource : 'https://graph.microsoft.com',
    preProvisioningAvailable: true,
  }
}

export function extraCaFromEnv(env: NodeJS.ProcessEnv): string | null {
  const file = env.AB_EXTRA_CA_FILE?.trim()
  return file ? readFileSync(file, 'utf8') : null
}
