import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { AUTOPILOT_CHANNEL, DEVICE_REGISTRATION_CHANNEL } from '@core/diagnostics/evtx'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import { setupBench } from '@support/bundle-fixture'
import { useTempDirs } from '@support/temp-dir'
import { writeEvtx, type WrittenEvent } from '@support/evtx-writer'
import { EVTX_AUTOPILOT, EVTX_USER_DEVICE_REGISTRATION } from '@support/windows-diagnostics-samples'

const ap = (recordId: number, eventId: number, level: number, minute: number): WrittenEvent => ({
  recordId,
  eventId,
  provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
  channel: AUTOPILOT_CHANNEL,
  level,
  time: `2026-01-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
})
const autopilotLog = writeEvtx([
  ap(1, 160, 4, 0),
  ap(2, 161, 4, 1),
  { ...ap(3, 171, 2, 2), data: [['HRESULT', '0x81039001']] },
  ap(4, 172, 2, 3),
  ap(5, 4242, 4, 4),
])
const registrationLog = writeEvtx([
  {
    recordId: 9,
    eventId: 204,
    provider: 'Microsoft-Windows-User Device Registration',
    channel: DEVICE_REGISTRATION_CHANNEL,
    level: 2,
    time: '2026-01-05T10:02:30.000Z',
    data: [['HResult', '0x801C03F3']],
  },
])

const inspect = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/run-ts.mjs', 'src/main/core/diagnostics/cli/inspect-cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 })

describe('event logs in the review', () => {
  const tempDir = useTempDirs()

  it('opens a standalone .evtx by its signature, whatever its name', () => {
    const review = openArchive(autopilotLog, 'whatever.bin')
    if (review.kind !== 'windows') throw new Error('expected a Windows review')
    expect(review.archiveKind).toBe('event-log')
    expect(review.eventLogs).toHaveLength(1)
    const log = review.eventLogs[0]!
    expect(log).toMatchObject({ parsed: true, records: 5, damaged: 0, channel: AUTOPILOT_CHANNEL })
    expect(log.rows).toBeUndefined() // the app never carries every row
    // Explained events and errors only: 4242 is information the docs do not explain.
    expect(log.events.map((e) => [e.eventId, e.title])).toEqual([
      [160, 'Profile download starting'],
      [161, 'Profile downloaded'],
      [171, 'TPM identity not confirmed'],
      [172, 'Profile not set as available'],
    ])
    expect(log.events[2]).toMatchObject({ severity: 'error', links: [{ title: 'Windows Autopilot troubleshooting FAQ' }] })
    expect(log.events[2]!.raw).toContain('<EventID>171</EventID>')
    // The knowledge base explains the HRESULT in the event's data.
    expect(log.events[2]!.codes).toEqual([{ code: '0x81039001', title: expect.any(String), meaning: expect.stringMatching(/attestation/i) }])
  })

  it('reads .evtx entries in a ZIP: explains 0x801C03F3 from the known issues, lists an .etl as not read', () => {
    const zip = zipSync({ [EVTX_AUTOPILOT]: autopilotLog, [EVTX_USER_DEVICE_REGISTRATION]: registrationLog, 'trace.etl': new Uint8Array(10) })
    const review = openArchive(zip, 'diag.zip')
    if (review.kind !== 'windows') throw new Error('expected a Windows review')
    expect(review.archiveKind).toBe('mdm-diagnostics')
    expect(review.eventLogs.map((l) => [l.name, l.records])).toEqual([
      [EVTX_AUTOPILOT, 5],
      [EVTX_USER_DEVICE_REGISTRATION, 1],
    ])
    expect(review.eventLogs[1]!.events[0]).toMatchObject({
      title: 'Entra device object deleted (0x801C03F3)',
      links: [{ title: 'Windows Autopilot - known issues' }],
    })
    expect(review.notParsed).toEqual([expect.objectContaining({ name: 'trace.etl', reason: expect.stringMatching(/ETW trace \(\.etl\): not read/) })])
  })

  it('a log from which no event could be read is listed as not read with why, not as read with 0 events (standalone, in a ZIP)', () => {
    const real = readFileSync(join(__dirname, 'fixtures', 'security-short-selected.evtx'))
    const third = new Uint8Array(real.subarray(0, Math.floor(real.length / 3)))
    const garbage = new Uint8Array(Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(5000, 0x5a)]))
    for (const [name, bytes] of [
      ['third.evtx', third],
      ['garbage.evtx', garbage],
    ] as const) {
      for (const review of [openArchive(bytes, name), openArchive(zipSync({ [name]: bytes }), 'diag.zip')]) {
        if (review.kind !== 'windows') throw new Error('expected a Windows review')
        expect(review.eventLogs[0], name).toMatchObject({ name, parsed: false, records: 0, damaged: 1 })
        expect(review.eventLogs[0]!.problems[0]).toMatch(/^no event could be read: its only chunk is damaged or cut short/)
        expect(review.warnings[0]).toMatch(new RegExp(`^1 event log could not be read — ${name}`))
        expect(review.notParsed).toContainEqual(expect.objectContaining({ name, reason: expect.stringMatching(/no event could be read/) }))
      }
    }
  })

  it('refuses a file that starts like EVTX but cannot be read, saying what to do', () => {
    expect(() => openArchive(autopilotLog.subarray(0, 1000), 'cut.evtx')).toThrow(
      /cut\.evtx is not a readable event log: .*shorter than the 4,096-byte EVTX header.*Save All Events As/,
    )
  })

  it('diag:inspect: eventLogs [{file, records, events, damaged}] and --events as JSON lines', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'autopilot.evtx'), autopilotLog)
    const run = inspect(join(dir, 'autopilot.evtx'))
    expect(run.status, run.stderr).toBe(0)
    const out = JSON.parse(run.stdout) as { kind: string; eventLogs: unknown }
    expect(out.kind).toBe('event-log')
    expect(out.eventLogs).toEqual([
      {
        file: 'autopilot.evtx',
        records: 5,
        events: [160, 161, 171, 172, 4242].map((eventId, i) => ({
          recordId: i + 1,
          eventId,
          time: `2026-01-05T10:0${i}:00.0000000Z`,
          provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
          level: eventId === 171 || eventId === 172 ? 2 : 4,
          channel: AUTOPILOT_CHANNEL,
        })),
        damaged: 0,
      },
    ])
    const lines = inspect('--events', join(dir, 'autopilot.evtx'))
    expect(lines.status, lines.stderr).toBe(0)
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { eventId: number })
        .map((e) => e.eventId),
    ).toEqual([160, 161, 171, 172, 4242])
    // A flipped bit in the records of its only chunk: the file opens (exit 0), but nothing in it could be
    // read, so it is not listed as a log read with 0 events; the warnings say so, and why.
    const damaged = autopilotLog.slice()
    damaged[0x1000 + 600] = damaged[0x1000 + 600]! ^ 0x10
    writeFileSync(join(dir, 'damaged.evtx'), damaged)
    const d = inspect(join(dir, 'damaged.evtx'))
    expect(d.status, d.stderr).toBe(0)
    const dj = JSON.parse(d.stdout) as { eventLogs: unknown; warnings: string[] }
    expect(dj.eventLogs).toEqual([])
    expect(dj.warnings[0]).toMatch(/^1 event log could not be read — damaged\.evtx/)
    expect(dj.warnings).toContainEqual(expect.stringMatching(/Chunk 0: its event records checksum does not match: skipped/))
    expect(inspect().status).toBe(2)
    expect(inspect('--events').status).toBe(2)
    writeFileSync(join(dir, 'cut.evtx'), autopilotLog.subarray(0, 100))
    const cut = inspect(join(dir, 'cut.evtx'))
    expect(cut.status).toBe(1)
    expect(JSON.parse(cut.stdout)).toEqual({ error: { code: 'unreadable', message: expect.stringMatching(/not a readable event log/) } })
  })
})

describe('event logs in our own bundle', () => {
  const tempDir = useTempDirs()

  it('reads a .evtx added to a bundle; its events sit beside the attempts for the merged timeline', () => {
    const { db, options } = setupBench(tempDir())
    const bundle = unzipSync(exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip)
    const review = openArchive(zipSync({ ...bundle, 'added/autopilot.evtx': autopilotLog }), 'bundle.zip')
    if (review.kind !== 'bundle') throw new Error('expected our bundle')
    expect(review.attempts.length).toBeGreaterThan(0)
    expect(review.eventLogs.map((l) => [l.name, l.records, l.events.length])).toEqual([['added/autopilot.evtx', 5, 4]])
    expect(review.warnings).toEqual([])
  })
})
