import { describe, expect, it } from 'vitest'
import { createOnlineChecks, ONLINE_CHECK_RETRY_MS } from '@core/card/online-checks'

/** The gate that keeps the card's re-read from asking again (a loop: re-read → ask → changed → re-read). */
function setup(answer: { asked: string[]; offline: boolean } | Error = { asked: [], offline: false }) {
  let time = 1_000_000
  let online: boolean | null = null
  const emitted: string[][] = []
  const asked: string[] = []
  const checks = createOnlineChecks({
    online: () => online,
    setOnline: (value) => (online = value),
    graphArgs: async (correlationId) => ({ baseUrl: 'http://graph.test/beta', token: 't', correlationId }),
    verify: async ({ id }) => {
      asked.push(id)
      if (answer instanceof Error) throw answer
      return answer
    },
    emit: (change) => emitted.push(change.topics),
    now: () => time,
  })
  return { checks, emitted, asked, advance: (ms: number) => (time += ms), setOffline: () => (online = false), online: () => online }
}

describe('online checks beside the card', () => {
  it('one check at a time per device; when it ends the card is told, and its re-read neither says "checking" nor asks again', async () => {
    const { checks, emitted, asked } = setup()
    expect(checks.checking('d1')).toBe(true)
    checks.start('d1', 'c')
    checks.start('d1', 'c')
    expect(checks.checking('d1')).toBe(true)
    await checks.settled('d1')
    expect(asked).toEqual(['d1'])
    expect(emitted).toEqual([['bench']])
    expect(checks.checking('d1')).toBe(false)
    checks.start('d1', 'c')
    await checks.settled('d1')
    expect(asked).toEqual(['d1'])
  })

  it('a failed check (no token, worker gone) ends the same way, and the device is asked again only after the retry window', async () => {
    const { checks, emitted, asked, advance } = setup(new Error('no token'))
    checks.start('d1', 'c')
    await checks.settled('d1')
    expect(emitted).toEqual([['bench']])
    expect(checks.checking('d1')).toBe(false)
    advance(ONLINE_CHECK_RETRY_MS)
    expect(checks.checking('d1')).toBe(true)
    checks.start('d1', 'c')
    await checks.settled('d1')
    expect(asked).toEqual(['d1', 'd1'])
  })

  it('Intune unreachable marks the app offline; known offline nothing is asked, and a card that said "checking" is told to read again', async () => {
    const { checks, asked, emitted, online, setOffline } = setup({ asked: [], offline: true })
    checks.start('d1', 'c')
    await checks.settled('d1')
    expect(online()).toBe(false)
    setOffline()
    expect(checks.checking('d2')).toBe(false)
    emitted.length = 0
    checks.start('d2', 'c')
    await checks.settled('d2')
    expect(asked).toEqual(['d1'])
    expect(emitted).toEqual([['bench']])
  })
})
