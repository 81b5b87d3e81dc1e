import { describe, expect, it } from 'vitest'
import { readOrganization } from '@core/identity/read-organization'
import { silentLog } from '@core/logging/log-sink'

const expired = () =>
  new Response(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } }), { status: 401 })
const organization = () => Response.json({ value: [{ displayName: 'Fabrikam, Inc.', verifiedDomains: [{ name: 'fabrikam.example', isDefault: true }] }] })

function graphThatAccepts(accepted: string) {
  const seen: string[] = []
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const authorization = (init.headers as Record<string, string>).authorization!
    seen.push(authorization)
    return authorization === `Bearer ${accepted}` ? organization() : expired()
  }) as unknown as typeof fetch
  return { seen, fetchImpl }
}

describe('the organization read after a sign-in', () => {
  const secrets: string[] = []
  const log = { ...silentLog, addSecret: (secret: string) => void secrets.push(secret) }

  it('names the tenant with the token of the sign-in', async () => {
    const { seen, fetchImpl } = graphThatAccepts('signed-in')
    const org = await readOrganization({ graphRoot: 'https://graph.test', token: 'signed-in', log, fetchImpl }, async () => 'never')
    expect(org).toEqual({ displayName: 'Fabrikam, Inc.', domain: 'fabrikam.example' })
    expect(seen).toEqual(['Bearer signed-in'])
  })

  it('a token expired on arrival (short lifetime, clock ahead) is refreshed once and the name is still read', async () => {
    const { seen, fetchImpl } = graphThatAccepts('refreshed')
    let refreshes = 0
    const org = await readOrganization({ graphRoot: 'https://graph.test', token: 'signed-in', log, fetchImpl }, async () => {
      refreshes++
      return 'refreshed'
    })
    expect(org?.displayName).toBe('Fabrikam, Inc.')
    expect(seen).toEqual(['Bearer signed-in', 'Bearer refreshed'])
    expect(refreshes).toBe(1)
    expect(secrets).toContain('refreshed') // the refreshed token is scrubbed from the log like the first
  })

  it('best effort: a refresh that fails, or a second refusal, leaves the name unknown (the sign-in stands)', async () => {
    const refused = graphThatAccepts('nothing')
    await expect(readOrganization({ graphRoot: 'https://graph.test', token: 'a', log, fetchImpl: refused.fetchImpl }, async () => 'b')).resolves.toBeNull()
    expect(refused.seen).toEqual(['Bearer a', 'Bearer b'])
    const { fetchImpl } = graphThatAccepts('nothing')
    const failing = async () => {
      throw new Error('interaction_required')
    }
    await expect(readOrganization({ graphRoot: 'https://graph.test', token: 'a', log, fetchImpl }, failing)).resolves.toBeNull()
  })
})
