import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger } from '@core/logging/file-logger'
import { logSlice } from '@core/diagnostics/export-log-slice'
import { useTempDirs } from '@support/temp-dir'

describe('file logger', () => {
  const tempDir = useTempDirs()

  it('writes JSON lines with level, message, fields and the correlation id', () => {
    const logger = createFileLogger(tempDir())
    logger.withCorrelation('corr-42').log('info', 'sync complete', { devices: 12 })
    const line = JSON.parse(readFileSync(logger.file, 'utf8').trim()) as Record<string, unknown>
    expect(line).toMatchObject({ msg: 'sync complete', devices: 12, correlationId: 'corr-42', level: 30 })
    expect(typeof line.time).toBe('string')
  })

  it('a tenant’s logger marks every line with its tenant id, ahead of the line’s own fields (the diagnostics export keeps one tenant’s lines)', () => {
    const logger = createFileLogger(tempDir())
    const tenant = logger.forTenant('tenant-a')
    tenant.log('info', 'synced', { tenantId: 'tenant-b' })
    tenant.withCorrelation('c1').log('warn', 'retry')
    logger.log('info', 'app-wide')
    const lines = readFileSync(logger.file, 'utf8').trim().split('\n')
    expect(lines.map((l) => /"tenantId":"([^"]*)"/.exec(l)?.[1] ?? null)).toEqual(['tenant-a', 'tenant-a', null])
    expect(JSON.parse(lines[1]!)).toMatchObject({ tenantId: 'tenant-a', correlationId: 'c1', msg: 'retry' })
  })

  it('the app’s window lines (forApp) go into every tenant’s log slice; app-wide lines naming a tenant, and another tenant’s, do not', () => {
    const dir = tempDir()
    const logger = createFileLogger(dir)
    logger.forTenant('tenant-a').log('info', 'synced a')
    logger.forTenant('tenant-b').log('info', 'synced b')
    logger.forApp().log('error', 'renderer process gone', { reason: 'crashed', exitCode: 1 })
    // The same words as a field, not the logger's binding: not app-wide.
    logger.log('info', 'signed in to tenant-b', { appWide: true })
    logger.forTenant('tenant-b').log('info', 'b, claiming', { appWide: true })
    const slice = (tenant: string) =>
      logSlice(join(dir, 'logs'), '2000-01-01', '2999-01-01', 1_000_000, tenant).map((l) => (JSON.parse(l) as { msg: string }).msg)
    expect(slice('tenant-a')).toEqual(['synced a', 'renderer process gone'])
    expect(slice('tenant-b')).toEqual(['synced b', 'renderer process gone', 'b, claiming'])
  })

  it('never writes planted tokens, wherever they hide', () => {
    const logger = createFileLogger(tempDir())
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.dummy-planted-token'
    const sessionToken = 'f'.repeat(64)
    logger.addSecret(token)
    logger.addSecret(sessionToken)
    logger.log('info', `request failed with Authorization: Bearer ${token}`, {
      token,
      accessToken: 'other-secret-value',
      headers: { Authorization: `Bearer ${token}` },
      url: `http://127.0.0.1:5000/#token=${sessionToken}`,
      nested: { deeper: [`copy of ${token}`] },
      note: `query ?token=${sessionToken}&x=1`,
    })
    logger.withCorrelation('c').log('error', token)
    const text = readFileSync(logger.file, 'utf8')
    expect(text).not.toContain(token)
    expect(text).not.toContain('dummy-planted-token')
    expect(text).not.toContain(sessionToken)
    expect(text).not.toContain('other-secret-value')
    expect(text).toContain('[redacted]')
  })

  it('a line that cannot be written (folder gone, disk full) is counted, never thrown, and said when writing works again', () => {
    const dir = tempDir()
    const logger = createFileLogger(dir)
    logger.log('info', 'before')
    rmSync(join(dir, 'logs'), { recursive: true, force: true })
    expect(() => logger.log('warn', 'outbox delivery failed', { correlationId: 'c1' })).not.toThrow()
    expect(() => logger.log('info', 'also lost')).not.toThrow()
    mkdirSync(join(dir, 'logs'))
    logger.log('info', 'after')
    const lines = readFileSync(logger.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; lost?: number })
    expect(lines.map((line) => line.msg)).toEqual(['log lines could not be written', 'after'])
    expect(lines[0]!.lost).toBe(2)
  })

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tempDir()
    const logger = createFileLogger(dir, { maxBytes: 2_000, keep: 3 })
    for (let i = 0; i < 200; i++) logger.log('info', `line ${i}`, { padding: 'x'.repeat(50) })
    const files = readdirSync(join(dir, 'logs')).sort()
    expect(files).toEqual(['app.log', 'app.log.1', 'app.log.2', 'app.log.3'])
    for (const file of files) expect(readFileSync(join(dir, 'logs', file)).length).toBeLessThanOrEqual(2_000)
    expect(readFileSync(join(dir, 'logs', 'app.log'), 'utf8')).toContain('line 199')
    expect(existsSync(join(dir, 'logs', 'app.log.4'))).toBe(false)
  })
})
