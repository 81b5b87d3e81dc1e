import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '@mock-intune/clock'
import { useCoreOnMock } from '@support/core-on-mock'

type Scenario = { name: string; device: { id: string } | null }

describe('device card, readiness and online-only actions through the real core and the mock', () => {
  const start = useCoreOnMock()

  async function setup(options: { clock?: ManualClock } = {}) {
    const fixture = await start({ seed: 8, devices: 600, throttle: 'off', speed: 1, ...(options.clock ? { clock: options.clock } : {}) })
    const response = await fetch(`${fixture.mock.url}/_sim/scenarios`, { headers: { Authorization: `Bearer ${fixture.mock.token}` } })
    const scenarios = ((await response.json()) as { value: Scenario[] }).value
    const idOf = (name: string) => {
      const id = scenarios.find((s) => s.name === name)?.device?.id
      if (!id) throw new Error(`the mock has no ${name} device`)
      return id
    }
    /** As the bench does after a scan: refresh the device (fills its assigned profile), then open the card. */
    const cardOf = async (id: string, jobId: string | null = null) => {
      await fixture.handlers['devices:refresh-device']({ id }, fixture.ctx)
      // The Entra and licence lookups run beside the card (online-checks.ts); the card re-reads when they end.
      await fixture.core.onlineChecks.settled(id)
      const card = await fixture.handlers['devices:get-device-card']({ id, jobId }, fixture.ctx)
      if (!card) throw new Error('no card')
      return card
    }
    return { ...fixture, idOf, cardOf }
  }

  const item = (card: { readiness: { items: Array<{ id: string; status: string; reason: string }> } }, id: string) =>
    card.readiness.items.find((i) => i.id === id)!

  it('ready-win11 is ready: ESP, Entra object and user licence checked; at the bench it moves from scanned to ready', async () => {
    const { idOf, cardOf, mock, dataDir } = await setup()
    const id = idOf('ready-win11')
    const db = new Database(join(dataDir, 'cache-demo.db'))
    db.pragma('busy_timeout = 5000')
    db.prepare("INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since) VALUES (?, NULL, 'x', 'x', 'scanned', 'x')").run(id)
    const card = await cardOf(id)
    expect(card.device.profileName).toBeTruthy()
    expect(card.device.profileStatus).toBe('assigned')
    expect(item(card, 'profile-mode').status).toBe('ok')
    expect(item(card, 'esp')).toMatchObject({ status: expect.stringMatching(/ok|warn/) })
    expect(item(card, 'entra-object').status).toBe('ok')
    expect(item(card, 'user').status).toBe('ok')
    expect(card.readiness.counts).toMatchObject({ fail: 0, unknown: 0 })
    expect(card.readiness.verdict).toBe('ready')
    expect(db.prepare('SELECT stage FROM bench_devices WHERE device_id = ?').get(id)).toEqual({ stage: 'ready' })
    db.close()
    expect(card.explanation.winner?.profileName).toBe(card.device.profileName)
    expect(mock.requestLog.some((r) => r.method === 'GET' && /\/v1\.0\/devices\?/i.test(r.path))).toBe(true)
  })

  it('a row the Bench shows ✓ Ready is Ready in the hand-over report and its CSV, though its card was never opened here', async () => {
    const { idOf, cardOf, dataDir, handlers, ctx } = await setup()
    const id = idOf('ready-win11')
    const card = await cardOf(id)
    expect(card.readiness.verdict).toBe('ready')
    const db = new Database(join(dataDir, 'cache-demo.db'))
    db.pragma('busy_timeout = 5000')
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('job-1', 'Order 42', 'demo', ?)").run(new Date().toISOString())
    // Scanned, and its card never read since (the stored stage moves only when a card is read).
    db.prepare("INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since) VALUES (?, 'job-1', ?, 'x', 'scanned', 'x')").run(
      id,
      card.device.serialNumber,
    )
    db.close()
    const { devices } = await handlers['bench:list-devices']({ jobId: 'job-1' }, ctx)
    expect(devices.find((device) => device.deviceId === id)).toMatchObject({ readiness: { level: 'ready' }, stage: 'ready' })
    const report = await handlers['jobs:get-handover-report']({ jobId: 'job-1' }, ctx)
    expect(report.rows.find((row) => row.deviceId === id)?.stage).toBe('ready')
    const { csv } = await handlers['jobs:export-handover-csv']({ jobId: 'job-1' }, ctx)
    const line = csv.split('\r\n').find((row) => row.includes(card.device.serialNumber))!
    expect(line.split(',').slice(3, 5)).toEqual(['Pending', 'Ready'])
  })

  it("Intune's own 'out of sync' (assignedOutOfSync) is kept by the sync and said by the card's profile item", async () => {
    const { cardOf, mock, dataDir } = await setup()
    // The mock's devices as Graph sends them: one whose assignment Intune reports out of sync, with no remediation on top.
    const page = await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1000`, {
      headers: { Authorization: `Bearer ${mock.token}` },
    })
    const devices = ((await page.json()) as { value: Array<{ id: string; deploymentProfileAssignmentStatus: string; remediationState: string }> }).value
    const outOfSync = devices.find((d) => d.deploymentProfileAssignmentStatus === 'assignedOutOfSync' && d.remediationState === 'noRemediationRequired')
    const inSync = devices.find((d) => d.deploymentProfileAssignmentStatus === 'assignedInSync' && d.remediationState === 'noRemediationRequired')
    if (!outOfSync || !inSync) throw new Error('the mock has no out-of-sync or in-sync device')
    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const stored = db.prepare('SELECT profile_status, profile_assignment_status FROM devices WHERE id = ?')
    // Kept by the full sync, beside the admin center's word.
    expect(stored.get(outOfSync.id.toLowerCase())).toEqual({ profile_status: 'assigned', profile_assignment_status: 'assignedOutOfSync' })
    expect(stored.get(inSync.id.toLowerCase())).toEqual({ profile_status: 'assigned', profile_assignment_status: 'assignedInSync' })
    db.close()
    expect(item(await cardOf(outOfSync.id), 'profile-assigned').reason).toMatch(/Intune (itself )?reports the profile assignment is out of sync\.$/)
    expect(item(await cardOf(inSync.id), 'profile-assigned').reason).not.toContain('Intune reports')
  })

  it('a deleted Entra device object fails its check (looked up online when the card opens)', async () => {
    const { idOf, cardOf, mock } = await setup()
    const id = idOf('ready-win10')
    const removed = await fetch(`${mock.url}/_sim/devices/${id}/entra-device`, { method: 'DELETE', headers: { Authorization: `Bearer ${mock.token}` } })
    expect(removed.status).toBeLessThan(300)
    const card = await cardOf(id)
    expect(item(card, 'entra-object')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/0x801C03F3/) })
  })

  it('names the linked Intune device and Microsoft Entra device as Intune and Entra do (deviceName, displayName), never only their ids', async () => {
    const { idOf, cardOf, mock } = await setup()
    const get = async (path: string) =>
      (await fetch(`${mock.url}${path}`, { headers: { Authorization: `Bearer ${mock.token}` } })).json() as Promise<Record<string, unknown>>
    const id = idOf('reenroll-blocked')
    const card = await cardOf(id)
    expect(card.device.managedDeviceId).toMatch(/^[0-9a-f-]{36}$/)
    expect(card.device.managedDeviceId).not.toMatch(/^[0-]+$/)
    const managed = await get(`/v1.0/deviceManagement/managedDevices/${card.device.managedDeviceId}?$select=id,deviceName`)
    expect(card.device.intuneDevice).toMatchObject({ found: true, name: managed.deviceName })
    const entra = (await get(`/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${card.device.entraDeviceId}'`)}`)) as {
      value: Array<{ displayName: string }>
    }
    expect(card.device.entraDevice).toMatchObject({ found: true, name: entra.value[0]!.displayName })
    expect(card.device.intuneDevice?.name).toBeTruthy()
    // A device with no Intune record (the zero GUID) asks Intune for none.
    const fresh = await cardOf(idOf('ready-win11'))
    expect(fresh.device.intuneDevice).toBeNull()
    expect(mock.requestLog.filter((r) => /managedDevices\/0{8}-/i.test(r.path))).toEqual([])
  })

  it('the sync keeps the ESPs with their assignments and the verified domains', async () => {
    const { dataDir } = await setup()
    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const esps = db.prepare('SELECT display_name, is_default, show_progress, log_collection FROM esp_configurations ORDER BY priority').all()
    expect(esps).toEqual([
      { display_name: 'All users and all devices', is_default: 1, show_progress: 0, log_collection: 0 },
      expect.objectContaining({ display_name: 'ESP - Kiosk', is_default: 0, show_progress: 1 }),
      expect.objectContaining({ display_name: 'ESP - Autopilot devices', is_default: 0, show_progress: 1 }),
    ])
    // The ESPs' target groups are cached too, so their membership can be judged.
    expect((db.prepare("SELECT count(*) AS n FROM esp_assignments WHERE kind = 'include'").get() as { n: number }).n).toBeGreaterThan(0)
    expect(
      (
        db
          .prepare("SELECT count(*) AS n FROM esp_assignments a LEFT JOIN device_groups g ON g.id = a.group_id WHERE a.kind = 'include' AND g.id IS NULL")
          .get() as { n: number }
      ).n,
    ).toBe(0)
    const domains = JSON.parse((db.prepare("SELECT value FROM tenant_settings WHERE key = 'verifiedDomains'").get() as { value: string }).value) as Array<{
      type: string
    }>
    expect(domains.some((d) => d.type === 'Federated')).toBe(true)
    db.close()
  })

  it('no-preprovisioning fails profile-mode; a virtual machine fails its check', async () => {
    const { idOf, cardOf } = await setup()
    const noPre = await cardOf(idOf('no-preprovisioning'))
    expect(item(noPre, 'profile-mode')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/Allow pre-provisioned deployment/) })
    expect(noPre.readiness.verdict).toBe('not-ready')
    const vm = await cardOf(idOf('virtual-machine'))
    expect(item(vm, 'virtual-machine').status).toBe('fail')
    expect(vm.readiness.verdict).toBe('not-ready')
  })

  it('checks a device against its bench job: wrong group tag fails, the manifest pre-fills, the bench stage follows', async () => {
    const { idOf, cardOf, dataDir, handlers, ctx } = await setup()
    const id = idOf('ready-win11')
    const before = await cardOf(id)
    const db = new Database(join(dataDir, 'cache-demo.db'))
    db.pragma('busy_timeout = 5000')
    db.prepare(
      "INSERT INTO bench_jobs (id, name, tenant_id, group_tag, device_name_template, created_at) VALUES ('job-1', 'Order 42', 'demo', 'BENCH-NOWHERE', 'ORD-%RAND:3%', ?)",
    ).run(new Date().toISOString())
    db.prepare(
      "INSERT INTO job_manifest (job_id, serial_number, user_principal_name, addressable_user_name, display_name) VALUES ('job-1', ?, 'ada@example.com', 'Ada', 'ORD-001')",
    ).run(before.device.serialNumber.trim().toUpperCase())
    db.prepare("INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since) VALUES (?, 'job-1', ?, 'x', 'ready', 'x')").run(
      id,
      before.device.serialNumber,
    )
    const card = await handlers['devices:get-device-card']({ id, jobId: null }, ctx)
    expect(card?.jobId).toBe('job-1')
    expect(item(card!, 'group-tag')).toMatchObject({ status: 'fail', reason: expect.stringContaining('BENCH-NOWHERE') })
    expect(card?.manifest).toEqual({ userPrincipalName: 'ada@example.com', addressableUserName: 'Ada', displayName: 'ORD-001' })
    // The manifest row names the device (ORD-001): the job's template does not apply, the profile's is previewed.
    expect(card?.namePreview?.template).not.toBe('ORD-%RAND:3%')
    // Not ready against its job any more: back from 'ready' to 'scanned'.
    expect(db.prepare('SELECT stage FROM bench_devices WHERE device_id = ?').get(id)).toEqual({ stage: 'scanned' })
    db.close()
    await expect(handlers['devices:get-device-card']({ id, jobId: 'no-such-job' }, ctx)).rejects.toMatchObject({ code: 'not-found' })
    expect(await handlers['devices:get-device-card']({ id: '00000000-0000-0000-0000-000000000000', jobId: null }, ctx)).toBeNull()
  })

  it('autocompletes group tags from the cache and lists the profiles sorted by name', async () => {
    const { handlers, ctx } = await setup()
    const { tags } = await handlers['devices:list-group-tags']({ prefix: 'bench-', limit: 20 }, ctx)
    expect(tags.length).toBeGreaterThan(0)
    expect(tags.every((t) => t.toLowerCase().startsWith('bench-'))).toBe(true)
    expect(new Set(tags).size).toBe(tags.length)
    const { profiles } = await handlers['profiles:list-profiles']({}, ctx)
    expect(profiles.length).toBeGreaterThanOrEqual(6)
    expect(profiles.map((p) => p.displayName)).toEqual(
      [...profiles.map((p) => p.displayName)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })),
    )
    expect(profiles.some((p) => p.deploymentMode === 'selfDeploying')).toBe(true)
    expect(profiles.some((p) => p.preprovisioningAllowed === false)).toBe(true)
  })

  it('Autopilot sync: the second press inside 10 minutes explains the rule with a countdown', async () => {
    const clock = new ManualClock(Date.now())
    const { handlers, ctx, mock } = await setup({ clock })
    const first = await handlers['devices:run-online-action']({ action: 'autopilot-sync', deviceId: null }, ctx)
    expect(first).toMatchObject({ done: true })
    const busy = await handlers['devices:run-online-action']({ action: 'autopilot-sync', deviceId: null }, ctx)
    expect(busy).toMatchObject({ done: false, message: expect.stringMatching(/already syncing Autopilot devices/) })
    clock.advance(2 * 60_000)
    const tooSoon = await handlers['devices:run-online-action']({ action: 'autopilot-sync', deviceId: null }, ctx)
    expect(tooSoon.done).toBe(false)
    expect(tooSoon.message).toMatch(/one Autopilot sync every 10 minutes.*in (7|8) min/)
    expect(Date.parse(tooSoon.autopilotSync!.nextAllowedAt!) - Date.now()).toBeGreaterThan(6 * 60_000)
    expect(await handlers['autopilot:get-sync-state']({}, ctx)).toEqual(tooSoon.autopilotSync)
    expect(mock.requestLog.filter((r) => r.method === 'POST' && /windowsautopilotsettings\/sync/i.test(r.path))).toHaveLength(3)
  })

  it('refuses online-only actions offline, naming the action, without calling Intune', async () => {
    const { handlers, ctx, core, mock, idOf } = await setup()
    const id = idOf('reenroll-blocked')
    await mock.close()
    await expect(handlers['devices:run-online-action']({ action: 'unblock-device', deviceId: id }, ctx)).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/Unblock device needs Intune.*never queued/),
    })
    expect(core.connectivity.online).toBe(false)
    // Now known offline: refused at once.
    await expect(handlers['devices:run-online-action']({ action: 'autopilot-sync', deviceId: null }, ctx)).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/^Sync/),
    })
    // The card still opens from the cache.
    expect((await handlers['devices:get-device-card']({ id, jobId: null }, ctx))?.device.id).toBe(id)
  })
})
