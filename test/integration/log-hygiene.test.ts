import { appendFileSync, readFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { AppFailure } from '@core/app-error'
import { dispatch } from '@core/dispatch'
import { GraphError } from '@core/graph/graph-error'
import type { Handlers } from '@core/handlers'
import { channels } from '@shared/channels'
import { useCoreOnMock } from '@support/core-on-mock'

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXBsYW50ZWQ'
/** A stack frame line, as V8 writes them. */
const FRAME = /^\s+at /m
/** The start of an absolute path (POSIX or Windows), or a file URL. */
const ABSOLUTE = /(^|[\s("'=])(\/[A-Za-z.]|[A-Za-z]:[\\/])|file:\/\//m

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

/** Handlers that refuse the way features do, and one that fails the way bugs do. */
function withFailures(real: Handlers): Handlers {
  return {
    ...real,
    'devices:get-device': async (request) => {
      if (request.id === 'offline') throw new AppFailure('offline', 'Intune cannot be reached.')
      if (request.id === 'graph-404') throw new GraphError(404, 'ResourceNotFound', 'req-1', null, 'Resource not found')
      if (request.id === 'conflict') throw new AppFailure('conflict', 'A sync is already running.')
      throw new Error(`unexpected failure while reading ${homedir()}/secret-notes.txt`)
    },
  }
}

describe('what failed requests leave in the log and in a diagnostics bundle', () => {
  const start = useCoreOnMock()

  it('logs an expected refusal as exactly one line without a stack', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const h = withFailures(handlers)
    for (const id of ['offline', 'graph-404', 'conflict']) {
      const before = lines(core.log.file).length
      const result = await dispatch(h, 'devices:get-device', { id }, { log: core.log })
      expect(result.ok).toBe(false)
      const added = lines(core.log.file).slice(before)
      expect(added, id).toHaveLength(1)
      expect(added[0]).toContain('handler refused')
      expect(JSON.parse(added[0]!)).not.toHaveProperty('stack')
      expect(added[0]).not.toMatch(/\bat .*:\d+:\d+/)
      expect(JSON.parse(added[0]!).msg).not.toMatch(FRAME)
    }
    // A refusal from the database worker (an unknown device) is an expected refusal too.
    const before = lines(core.log.file).length
    const refused = await dispatch(handlers, 'bench:add-device', { deviceId: 'no-such-device', jobId: null }, { log: core.log })
    expect(refused).toMatchObject({ ok: false })
    const added = lines(core.log.file)
      .slice(before)
      .filter((line) => line.includes('bench:add-device'))
    expect(added).toHaveLength(1)
    expect(JSON.parse(added[0]!)).not.toHaveProperty('stack')
  })

  it('logs an unexpected error with its stack, paths relative to the app folder, home as ~', async () => {
    const { core, handlers } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const result = await dispatch(withFailures(handlers), 'devices:get-device', { id: 'bug' }, { log: core.log })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    const line = lines(core.log.file).find((l) => l.includes('handler failed'))!
    const logged = JSON.parse(line) as { stack: string; message: string }
    expect(logged.stack).toMatch(FRAME)
    expect(logged.stack).toMatch(/test\/integration\/log-hygiene\.test\.ts:\d+:\d+/) // relative, still useful
    expect(logged.stack).not.toMatch(ABSOLUTE)
    expect(line).not.toContain(process.cwd())
    expect(line).not.toContain(`${homedir()}/`)
    expect(logged.message).toContain('~/secret-notes.txt')
  })

  it('exports a bundle with no absolute path, home folder or token in any entry, whatever the redaction options', async () => {
    const { core, handlers, dataDir } = await start({ seed: 5, devices: 5, throttle: 'off' }, { sync: false })
    const h = withFailures(handlers)
    await dispatch(h, 'devices:get-device', { id: 'bug' }, { log: core.log })
    await dispatch(h, 'devices:get-device', { id: 'offline' }, { log: core.log })
    core.log.log('warn', `copied ${homedir()}/Downloads/report.csv with Authorization: Bearer ${JWT}`, { where: `${tmpdir()}/x`, note: JWT })
    // A line the logger did not scrub (an older version, a hand edit): the export must still catch it.
    const time = new Date().toISOString()
    const raw = {
      level: 50,
      time,
      tenantId: core.tenant.id,
      msg: `failed at file://${process.cwd()}/out/main/index.js:1:2 in ${homedir()}/app`,
      stack: `Error: x\n    at f (${process.cwd()}/src/main/core/dispatch.ts:1:2)\n    at g (C:\\Users\\ann\\AppData\\x.js:3:4)`,
      header: `Bearer ${JWT}`,
      jwt: JWT,
      dataDir,
      temp: join(tmpdir(), 'ab-elsewhere', 'file.txt'),
    }
    appendFileSync(core.log.file, `${JSON.stringify(raw)}\n`)

    for (const redact of [{}, { serials: true, users: true }]) {
      const envelope = await dispatch(handlers, 'diagnostics:export-bundle', { scope: { kind: 'day', id: time.slice(0, 10) }, redact }, { log: core.log })
      if (!envelope.ok) throw new Error(envelope.error.message)
      const exported = channels['diagnostics:export-bundle'].response.parse(envelope.value)
      const entries = unzipSync(Buffer.from(exported.bytesBase64, 'base64'))
      expect(strFromU8(entries['app-log.jsonl']!)).toContain('handler failed') // the log is there…
      for (const [name, bytes] of Object.entries(entries)) {
        const text = strFromU8(bytes)
        for (const secret of [homedir() + '/', dataDir, tmpdir() + '/', process.cwd(), 'file://', 'eyJ', 'Bearer ey', 'C:\\\\Users\\\\ann']) {
          expect(text, `${name} contains ${secret}`).not.toContain(secret)
        }
        expect(text, name).not.toMatch(/(^|[\s("'=])\/(root|home|tmp|work|Users)\b/m)
      }
      expect(strFromU8(entries['app-log.jsonl']!)).toContain('src/main/core/dispatch.ts:1:2') // …its stacks still readable
    }
  })
})
