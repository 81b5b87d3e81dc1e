import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { createFileLogger } from '@core/logging/file-logger'
import { checkPrivateDataDir } from '@core/private-files'
import { tenantDbFileName } from '@core/tenant'
import { useCoreOnMock } from '@support/core-on-mock'
import { useTempDirs } from '@support/temp-dir'

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0')
const logLines = (dataDir: string) =>
  readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')
    .split('\n')
    .filter(Boolean)

describe.skipIf(process.platform === 'win32')('a private data folder (POSIX modes)', () => {
  // Registered first so its clean-up runs last (after hooks run in reverse): the cores close before their folders go.
  const tempDir = useTempDirs()
  const start = useCoreOnMock()

  it('after start: the folder 0700, database, -wal, -shm, log and lock 0600 (with the usual umask 022)', async () => {
    expect(process.umask()).toBe(0o022) // what the Electron main process and a shell have; nothing here changes it
    const parent = tempDir('ab-private-')
    const dataDir = join(parent, 'fresh', 'data')
    const { core } = await start({ seed: 5, devices: 30, throttle: 'off' }, { core: { dataDir } })
    const db = join(dataDir, tenantDbFileName(core.tenant.id))
    expect(existsSync(`${db}-wal`)).toBe(true) // a sync ran: SQLite made its -wal and -shm itself
    expect({
      folder: mode(dataDir),
      logs: mode(join(dataDir, 'logs')),
      db: mode(db),
      wal: mode(`${db}-wal`),
      shm: mode(`${db}-shm`),
      log: mode(join(dataDir, 'logs', 'app.log')),
      lock: mode(join(dataDir, 'autopilot-bench.lock')),
    }).toEqual({ folder: '0700', logs: '0700', db: '0600', wal: '0600', shm: '0600', log: '0600', lock: '0600' })
    expect(logLines(dataDir).some((line) => line.includes('readable by other users'))).toBe(false)
    expect(process.umask()).toBe(0o022)
  })

  it('log rotations are 0600 too', () => {
    const dir = tempDir()
    const logger = createFileLogger(dir, { maxBytes: 500, keep: 2 })
    for (let i = 0; i < 30; i++) logger.log('info', `line ${i}`, { padding: 'x'.repeat(40) })
    for (const name of ['app.log', 'app.log.1', 'app.log.2']) expect(mode(join(dir, 'logs', name)), name).toBe('0600')
  })

  it('tightens a folder left world-readable by an older version, and says so in one log line', async () => {
    const dataDir = tempDir('ab-private-')
    const first = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir }, sync: false })
    await first.core.close()
    const db = join(dataDir, tenantDbFileName(first.core.tenant.id))
    writeFileSync(join(dataDir, 'handover-export.csv'), 'serial\n', { mode: 0o644 })
    for (const path of [dataDir, join(dataDir, 'logs')]) chmodSync(path, 0o755)
    for (const path of [db, join(dataDir, 'logs', 'app.log'), join(dataDir, 'handover-export.csv')]) chmodSync(path, 0o644)

    const { core, handlers } = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir }, sync: false })
    expect([mode(dataDir), mode(join(dataDir, 'logs')), mode(db), mode(join(dataDir, 'logs', 'app.log')), mode(join(dataDir, 'handover-export.csv'))]).toEqual([
      '0700',
      '0700',
      '0600',
      '0600',
      '0600',
    ])
    const said = logLines(dataDir).filter((line) => line.includes('readable by other users'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('made it private')
    expect(await dispatch(handlers, 'app:get-info', {}, { log: core.log })).toMatchObject({
      ok: true,
      value: expect.not.objectContaining({ dataDirWarning: expect.anything() }),
    })
  })

  it('starts anyway when the folder cannot be tightened (not its owner): a warning in the log and in app info', async () => {
    const dataDir = tempDir('ab-private-')
    chmodSync(dataDir, 0o755)
    const notOwner = (dir: string) =>
      checkPrivateDataDir(dir, {
        chmod: () => {
          throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' })
        },
      })
    const { core, handlers } = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir, checkDataDir: notOwner }, sync: false })
    const said = logLines(dataDir).filter((line) => line.includes('readable by other users'))
    expect(said).toHaveLength(1)
    expect(JSON.parse(said[0]!)).toMatchObject({ level: 40, msg: 'data folder is readable by other users and could not be made private', reasons: ['EPERM'] })
    const info = await dispatch(handlers, 'app:get-info', {}, { log: core.log })
    expect(info).toMatchObject({ ok: true, value: { dataDirWarning: expect.stringMatching(/Other users of this computer/) } })
  })

  it('checks nothing where the OS has no POSIX modes', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'logs'))
    chmodSync(dir, 0o755)
    expect(checkPrivateDataDir(dir, { platform: 'win32' })).toEqual({ tightened: [], failed: [] })
    expect(mode(dir)).toBe('0755')
  })
})
