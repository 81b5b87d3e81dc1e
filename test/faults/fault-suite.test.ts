import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { embeddedMockTenant, tenantDbFileName } from '@core/tenant'
import { startMockIntune } from '@mock-intune'
import { bundleForNode } from '@support/node-bundle'
import { readFaults, startForeignServer, startHostileGraph, writeFaults, type HostileGraph, type ReadFault } from '@support/hostile-graph'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { smashRootOf } from '@support/damaged-db'
import { damageMarkerPath } from '@core/db/damage-marker'

/**
 * The fault suite (docs/reliability.md): the app's sync and outbox delivery against the mock's fault
 * injection and a hostile server, and SIGKILLs during sync and delivery. After every run or kill:
 * the database passes `PRAGMA integrity_check`, every acknowledged change reached the server exactly
 * once, nothing crashed, no foreign host saw a token, and no run hung past its deadline.
 */

const tally = {
  faults: 0,
  runs: 0,
  misnamed: 0,
  kills: 0,
  deliveryKills: 0,
  killsInSending: 0,
  crashes: 0,
  corruptDbs: 0,
  lostWrites: 0,
  doubledWrites: 0,
  foreignTokens: 0,
  stuckRuns: 0,
  damageMet: 0,
}
/** What went wrong, per case, printed with the table. */
const findings: string[] = []
const find = (what: string) => findings.push(what)

/**
 * The codes an interrupted run may end with — each a named, explained ending (docs/reference/graph-api.md
 * B14–B17 for the hostile answers); anything else (internal, db-unavailable) is a crash.
 */
const expectedCodes = new Set([
  'offline',
  'timeout',
  'throttled',
  'upstream',
  'unauthorized',
  'not-found',
  'cancelled',
  'busy',
  'conflict',
  'unsafe-link',
  'wait-too-long',
  'not-graph',
  'bad-response',
  'too-large',
  'stalled',
  'paging-loop',
])

/** Hostile answers whose ending is certain (every other page is faulted): each must say what happened. */
const namedEnding: Partial<Record<ReadFault, string>> = {
  'huge-retry-after': 'wait-too-long',
  html: 'not-graph',
  'foreign-next': 'unsafe-link',
  'repeat-next': 'paging-loop',
}

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

function checkDb(file: string, label: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok') {
      tally.corruptDbs++
      find(`${label}: integrity_check = ${String(result)}`)
      return false
    }
    return true
  } finally {
    db.close()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs one sync with a deadline; a run still going at the deadline counts as stuck and is cancelled. */
async function syncWithDeadline(core: Core, label: string, deadlineMs: number) {
  tally.runs++
  await core.sync.start(label)
  const ended = await Promise.race([core.sync.idle().then(() => true), sleep(deadlineMs).then(() => false)])
  if (!ended) {
    tally.stuckRuns++
    find(`${label}: still running after ${deadlineMs / 1000} s (cancelled by the suite)`)
    await core.sync.cancel()
    await core.sync.idle()
  }
  const status = await core.sync.status()
  if (status.lastError && !expectedCodes.has(status.lastError.code)) {
    tally.crashes++
    find(`${label}: ended with ${status.lastError.code}: ${status.lastError.message}`)
  }
  return status
}

describe('fault suite', () => {
  const tempDir = useTempDirs()
  let foreign: Awaited<ReturnType<typeof startForeignServer>>
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    foreign = await startForeignServer()
  })
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await foreign?.close()
  })

  /** A core over a hostile Graph, one per case (they run a few at a time: most of the time is waiting). */
  async function hostileCore(graph: HostileGraph, dataDir = tempDir()) {
    const core = await createCore({
      dataDir,
      tenant: graph.tenant,
      workerPath: workerPath(),
      appVersion: 'faults',
      transport: 'http',
      graphTimeoutMs: 400,
      outboxRetryBaseMs: 20,
      outboxMaxIdleMs: 100,
    })
    return { core, dbFile: join(dataDir, tenantDbFileName(graph.tenant.id)), dataDir }
  }

  it('sync against each hostile read fault: bounded, sound, no token to a foreign host, and a clean re-sync completes', async () => {
    const runCase = async (kind: ReadFault) => {
      const graph = await startHostileGraph({ devices: 300, pageSize: 25, token: `hostile-${kind}-token`, read: { kinds: [kind], every: 2 } }, foreign.origin)
      const { core, dbFile } = await hostileCore(graph)
      const seenBefore = foreign.authorizations.length
      try {
        // Each fault costs at most a timeout (0.4 s) plus a backoff (≤ 4 s): 15 s is generous for ~8 faults.
        const faulted = await syncWithDeadline(core, `sync/${kind}`, 15_000)
        const named = namedEnding[kind]
        if (named && faulted.lastError?.code !== named) {
          tally.misnamed++
          find(`sync/${kind}: ended with ${faulted.lastError?.code ?? 'success'}, not ${named}`)
        }
        if (!faulted.lastError && faulted.deviceCount !== 300) {
          find(`sync/${kind}: the faulted run completed with ${faulted.deviceCount} of 300 devices (the rest were deleted from the cache)`)
        }
        checkDb(dbFile, `sync/${kind}`)
        graph.setRead(undefined)
        const clean = await syncWithDeadline(core, `sync/${kind} clean re-run`, 15_000)
        if (clean.lastError || clean.deviceCount !== 300) {
          find(`sync/${kind}: the clean re-run did not restore the cache (${clean.deviceCount} devices, ${clean.lastError?.code ?? 'ok'})`)
          tally.corruptDbs++
        }
        checkDb(dbFile, `sync/${kind} after re-run`)
      } finally {
        await core.close()
        await graph.close()
        tally.faults += graph.faultCount()
      }
      const leaked = foreign.authorizations.slice(seenBefore).filter((header) => header.includes(graph.token)).length
      if (leaked > 0) find(`sync/${kind}: the foreign host received the bearer token ${leaked} time(s)`)
    }
    const kinds = [...readFaults]
    for (let i = 0; i < kinds.length; i += 5) await Promise.all(kinds.slice(i, i + 5).map(runCase))
    tally.foreignTokens = foreign.authorizations.length
  }, 240_000)

  it('outbox delivery against write and read faults: every change applied exactly once', async () => {
    const rounds: Array<{ every: number; readKinds: ReadFault[] }> = [
      { every: 2, readKinds: ['429', '503', '500', 'truncate', 'html', 'reset', 'hang', 'stall'] },
      { every: 3, readKinds: ['429-retry-after', '500', 'wrong-shape', 'reset', 'truncate'] },
    ]
    const runRound = async (round: (typeof rounds)[number], index: number) => {
      const graph = await startHostileGraph({ devices: 60, pageSize: 100, token: `deliver-${index}-token` }, foreign.origin)
      const { core, dbFile } = await hostileCore(graph)
      try {
        tally.runs++
        await core.sync.start('initial')
        await core.sync.idle()
        graph.setWrite({ kinds: [...writeFaults], every: round.every })
        graph.setRead({ kinds: round.readKinds, every: 3 })
        const handlers = createHandlers(core)
        const ctx = { correlationId: `deliver-${index}`, log: core.log }
        const changes: string[] = []
        for (const id of graph.order.slice(0, 40)) {
          const groupTag = `D${index}-${id.slice(-4)}`
          await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag } }, ctx)
          changes.push(graph.changeKey(id, { groupTag }))
        }
        let open = changes.length
        for (let i = 0; i < 600 && open > 0; i++) {
          await core.outbox.kick()
          open = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: false }, ctx)).length
          if (open > 0) await sleep(50)
        }
        if (open > 0) {
          tally.stuckRuns++
          find(`deliver/${index}: ${open} change(s) still open after 30 s`)
        }
        for (const key of changes) {
          const applied = graph.applied.get(key) ?? 0
          if (applied === 0) {
            tally.lostWrites++
            find(`deliver/${index}: ${key} never reached the server`)
          }
          if (applied > 1) {
            tally.doubledWrites++
            find(`deliver/${index}: ${key} applied ${applied} times`)
          }
        }
        const failed = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: true }, ctx)).filter(
          (item) => item.state === 'failed' || item.state === 'conflict',
        )
        for (const item of failed) find(`deliver/${index}: change ${item.id} ended ${item.state}: ${item.lastError?.message ?? ''}`)
      } finally {
        await core.close()
        await graph.close()
        tally.faults += graph.faultCount()
      }
      checkDb(dbFile, `deliver/${index}`)
    }
    await Promise.all(rounds.map(runRound))
  }, 120_000)

  it("sync and delivery against the mock's fault injection", async () => {
    const mock = await startMockIntune({
      port: 0,
      seed: 21,
      devices: 1500,
      pageSize: 50,
      throttle: 'off',
      faults: '503=0.15:retry-after=0.05,500=0.08,truncate=0.08,429=0.05,latency=0.2:ms=30,repeat-nextlink=#40',
    })
    const dataDir = tempDir()
    const core = await createCore({
      dataDir,
      tenant: embeddedMockTenant({ url: mock.url, token: mock.token, close: async () => undefined }),
      workerPath: workerPath(),
      appVersion: 'faults',
      transport: 'http',
      graphTimeoutMs: 2_000,
      outboxRetryBaseMs: 20,
      outboxMaxIdleMs: 100,
    })
    const dbFile = join(dataDir, tenantDbFileName('demo'))
    try {
      for (let run = 0; run < 3; run++) {
        await syncWithDeadline(core, `mock sync ${run}`, 30_000)
        checkDb(dbFile, `mock sync ${run}`)
      }
      const handlers = createHandlers(core)
      const ctx = { correlationId: 'mock-deliver', log: core.log }
      const devices = (await handlers['devices:list-devices']({ search: '', limit: 30, after: null, position: 0 }, ctx)).items
      const wanted = new Map<string, string>()
      for (const device of devices) {
        const groupTag = `MOCK-${device.serialNumber.slice(-5)}`
        await handlers['changes:queue-change']({ deviceId: device.id, change: { kind: 'group-tag', groupTag } }, ctx)
        wanted.set(device.id.toLowerCase(), groupTag)
      }
      let open = wanted.size
      for (let i = 0; i < 600 && open > 0; i++) {
        await core.outbox.kick()
        open = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: false }, ctx)).length
        if (open > 0) await sleep(50)
      }
      if (open > 0) {
        tally.stuckRuns++
        find(`mock deliver: ${open} change(s) still open`)
      }
      // Writes the mock applied (2xx, no fault), per device.
      const applied = new Map<string, number>()
      for (const entry of mock.requestLog) {
        const match = /windowsAutopilotDeviceIdentities\/([^/]+)\/updateDeviceProperties/i.exec(entry.path)
        // A latency or truncate fault still applies the write; refusals (429/503/500/hang) answer ≥ 400 or never.
        if (entry.method === 'POST' && match && entry.status < 300) applied.set(match[1]!.toLowerCase(), (applied.get(match[1]!.toLowerCase()) ?? 0) + 1)
      }
      for (const id of wanted.keys()) {
        const n = applied.get(id) ?? 0
        if (n === 0) {
          tally.lostWrites++
          find(`mock deliver: ${id} never applied`)
        }
        if (n > 1) {
          tally.doubledWrites++
          find(`mock deliver: ${id} applied ${n} times`)
        }
      }
    } finally {
      tally.faults += mock.requestLog.filter((entry) => entry.fault).length
      await core.close()
      await mock.close()
    }
    checkDb(dbFile, 'mock deliver')
  }, 120_000)

  it('a damaged page on disk met by a sync before the check after start: named, marked, repaired at the next start, queued changes delivered once', async () => {
    const graph = await startHostileGraph({ devices: 60, pageSize: 25, token: 'damage-token' }, foreign.origin)
    const dataDir = tempDir()
    const label = 'disk damage'
    try {
      const first = await hostileCore(graph, dataDir)
      const handlers = createHandlers(first.core)
      const ctx = { correlationId: 'damage', log: first.core.log }
      const changes: string[] = []
      try {
        await syncWithDeadline(first.core, `${label}: initial`, 15_000)
        // Intune refuses every write for now: the technician's changes wait in the outbox.
        graph.setWrite({ kinds: ['503'], every: 1 })
        for (const id of graph.order.slice(0, 10)) {
          const groupTag = `DMG-${id.slice(-4)}`
          await handlers['changes:queue-change']({ deviceId: id, change: { kind: 'group-tag', groupTag } }, ctx)
          changes.push(graph.changeKey(id, { groupTag }))
        }
      } finally {
        await first.core.close()
      }
      // A bad sector in the device cache, where neither the start-up check nor its repair scan reads.
      smashRootOf(first.dbFile, 'devices_by_serial')

      const damaged = await hostileCore(graph, dataDir)
      try {
        tally.runs++
        await damaged.core.sync.start(`${label}: sync`)
        await damaged.core.sync.idle()
        const ending = (await damaged.core.sync.status()).lastError
        if (ending?.code !== 'db-damaged') {
          tally.misnamed++
          find(`${label}: the sync ended with ${ending ? `${ending.code}: ${ending.message}` : 'no error'}, not db-damaged`)
        }
        if (damaged.core.database.notice?.kind !== 'damaged') find(`${label}: no 'damaged' notice for the technician`)
        if (!existsSync(damageMarkerPath(damaged.dbFile))) find(`${label}: the damage was not marked for the next start`)
        else tally.damageMet++
      } finally {
        await damaged.core.close()
      }

      graph.setWrite(undefined)
      const repaired = await hostileCore(graph, dataDir)
      try {
        const kept = repaired.core.openReport.recovered?.keptRows.outbox ?? 0
        if (kept !== changes.length) find(`${label}: the restart kept ${kept} of ${changes.length} queued changes`)
        const handlers = createHandlers(repaired.core)
        const ctx = { correlationId: 'damage-repaired', log: repaired.core.log }
        await syncWithDeadline(repaired.core, `${label}: sync after the repair`, 15_000)
        let open = changes.length
        for (let i = 0; i < 300 && open > 0; i++) {
          await repaired.core.outbox.kick()
          open = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: false }, ctx)).length
          if (open > 0) await sleep(50)
        }
        if (open > 0) {
          tally.stuckRuns++
          find(`${label}: ${open} change(s) still open after the repair`)
        }
        for (const key of changes) {
          const applied = graph.applied.get(key) ?? 0
          if (applied === 0) tally.lostWrites++
          if (applied > 1) tally.doubledWrites++
          if (applied !== 1) find(`${label}: ${key} applied ${applied} times`)
        }
        const devices = (await handlers['devices:list-devices']({ search: '', limit: 1, after: null, position: 0 }, ctx)).total
        if (devices !== 60) find(`${label}: ${devices} of 60 devices after the sync that followed the repair`)
      } finally {
        await repaired.core.close()
      }
      checkDb(join(dataDir, tenantDbFileName(graph.tenant.id)), label)
    } finally {
      await graph.close()
    }
  }, 60_000)

  describe('SIGKILL during sync and during delivery', () => {
    let childScript = ''
    beforeAll(async () => {
      childScript = await bundleForNode('test/support/fault-child.ts', 'ab-faults')
    })

    function runChild(env: Record<string, string>, onStart: (child: ChildProcess) => void = () => undefined) {
      return new Promise<{ output: string; killed: boolean; code: number | null }>((resolve) => {
        const child = spawn(process.execPath, [childScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
        onStart(child)
        child.on('exit', (code, signal) => resolve({ output, killed: signal === 'SIGKILL', code }))
      })
    }

    it('leaves a sound database and every acknowledged change applied exactly once', async () => {
      const graph = await startHostileGraph({ devices: 400, pageSize: 25, token: 'kill-token-0000001', readDelayMs: 60 }, foreign.origin)
      const dataDir = tempDir()
      const dbFile = join(dataDir, tenantDbFileName('faults'))
      const env = { AB_DATA_DIR: dataDir, AB_WORKER: workerPath(), AB_GRAPH: `${graph.origin}/beta`, AB_TOKEN: graph.token }
      const acknowledged = new Set<string>()
      const afterKill = (label: string, run: { output: string; killed: boolean; code: number | null }) => {
        tally.runs++
        if (!run.killed && run.code !== 0) {
          tally.crashes++
          find(`${label}: exited ${run.code}: ${run.output.slice(-300)}`)
        }
        for (const match of run.output.matchAll(/^queued (\S+) (\S+)$/gm)) acknowledged.add(graph.changeKey(match[1]!.toLowerCase(), { groupTag: match[2]! }))
        if (existsSync(dbFile) && checkDb(dbFile, label)) {
          // The queue itself: no change stored twice (a doubled row would mean a doubled write later).
          const db = new Database(dbFile, { readonly: true })
          const doubled = db
            .prepare("SELECT device_id, payload, count(*) AS n FROM outbox WHERE state <> 'discarded' GROUP BY device_id, payload HAVING n > 1")
            .all()
          db.close()
          if (doubled.length > 0) {
            tally.doubledWrites += doubled.length
            find(`${label}: ${doubled.length} change(s) stored twice in the outbox`)
          }
        }
      }
      /** Items the kill left mid-delivery (`sending`: the write may or may not have been applied). */
      const inSending = () => {
        if (!existsSync(dbFile)) return 0
        const db = new Database(dbFile, { readonly: true })
        const n = (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'sending'").get() as { n: number }).n
        db.close()
        return n
      }
      try {
        afterKill('first sync', await runChild({ ...env, AB_MODE: 'sync', AB_RUN: '0' }))
        // Kills during sync: spread over start-up, the pages and the finishing steps.
        for (let k = 0; k < 22; k++) {
          const at = 100 + k * 45
          const run = await runChild({ ...env, AB_MODE: 'sync', AB_RUN: `s${k}` }, (child) => void setTimeout(() => child.kill('SIGKILL'), at))
          if (run.killed) tally.kills++
          afterKill(`sync kill ${k} at ${at} ms`, run)
        }
        // Kills during delivery: the server receives the write, then the client dies — before the
        // server applies it, right after it applies it (no answer), or just after answering.
        const modes = ['drop', 'apply-and-drop', 'after-answer'] as const
        for (let k = 0; k < 15; k++) {
          const mode = modes[k % modes.length]!
          const killOnWrite = 1 + (k % 2)
          let child: ChildProcess | null = null
          let writesThisRun = 0
          graph.setOnWrite(() => {
            writesThisRun++
            if (writesThisRun !== killOnWrite || !child) return 'apply'
            const target = child
            if (mode === 'after-answer') {
              setTimeout(() => target.kill('SIGKILL'), 2)
              return 'apply'
            }
            target.kill('SIGKILL')
            return mode
          })
          const run = await runChild({ ...env, AB_MODE: 'deliver', AB_RUN: String(k + 1), AB_CHANGES: '3' }, (c) => (child = c))
          graph.setOnWrite(undefined)
          if (run.killed) {
            tally.kills++
            tally.deliveryKills++
          }
          afterKill(`delivery kill ${k} (${mode}, write ${killOnWrite})`, run)
          // The item the kill interrupted is in `sending` (or already `verifying`) in the database now.
          if (run.killed && inSending() > 0) tally.killsInSending++
        }
        afterKill('settle', await runChild({ ...env, AB_MODE: 'settle', AB_RUN: '99' }))
        afterKill('final sync', await runChild({ ...env, AB_MODE: 'sync', AB_RUN: '100' }))
        for (const key of acknowledged) {
          const applied = graph.applied.get(key) ?? 0
          if (applied === 0) {
            tally.lostWrites++
            find(`kills: acknowledged ${key} never reached the server`)
          }
        }
        for (const [key, applied] of graph.applied) {
          if (applied > 1) {
            tally.doubledWrites++
            find(`kills: ${key} applied ${applied} times`)
          }
        }
        const db = new Database(dbFile, { readonly: true })
        const devices = (db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n
        db.close()
        if (devices !== 400) find(`kills: the final sync left ${devices} devices, not 400`)
        expect(acknowledged.size).toBeGreaterThan(0)
      } finally {
        await graph.close()
      }
    }, 240_000)
  })

  afterAll(() => {
    tally.crashes += unhandled.length
    for (const reason of unhandled) find(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`)
    const rows: Array<[string, number, string]> = [
      ['faults injected', tally.faults, '≥ 200'],
      ['runs', tally.runs, ''],
      ['kills (SIGKILL)', tally.kills, '≥ 30'],
      ['  of which during delivery', tally.deliveryKills, '≥ 10'],
      ['    leaving an item in `sending`', tally.killsInSending, ''],
      ['crashes', tally.crashes, '0'],
      ['hostile answers not named', tally.misnamed, '0'],
      ['corrupt databases', tally.corruptDbs, '0'],
      ['lost writes', tally.lostWrites, '0'],
      ['doubled writes', tally.doubledWrites, '0'],
      ['tokens seen by foreign hosts', tally.foreignTokens, '0'],
      ['stuck runs (past deadline)', tally.stuckRuns, '0'],
      ['damaged pages met and repaired', tally.damageMet, '≥ 1'],
    ]
    const table = [
      '',
      'fault suite summary',
      '─'.repeat(52),
      ...rows.map(([name, value, target]) => `${name.padEnd(32)}${String(value).padStart(8)}   ${target}`),
      '─'.repeat(52),
    ]
    if (findings.length > 0) table.push('findings:', ...findings.map((f) => `  - ${f}`))
    console.log(table.join('\n'))
  })

  it('meets the targets', () => {
    // Runs last (vitest keeps file order): the table above is printed after it.
    expect.soft(tally.faults).toBeGreaterThanOrEqual(200)
    expect.soft(tally.kills).toBeGreaterThanOrEqual(30)
    expect.soft(tally.deliveryKills).toBeGreaterThanOrEqual(10)
    expect.soft(tally.crashes + unhandled.length).toBe(0)
    expect.soft(tally.misnamed).toBe(0)
    expect.soft(tally.corruptDbs).toBe(0)
    expect.soft(tally.lostWrites).toBe(0)
    expect.soft(tally.doubledWrites).toBe(0)
    expect.soft(tally.foreignTokens).toBe(0)
    expect.soft(tally.stuckRuns).toBe(0)
    expect.soft(tally.damageMet).toBeGreaterThanOrEqual(1)
    expect.soft(findings.filter((finding) => finding.startsWith('disk damage'))).toEqual([])
  })
})
