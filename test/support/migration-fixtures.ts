import type Database from 'better-sqlite3'

/**
 * Data as each schema version would have held it, inserted before upgrading to the latest version.
 * Every new migration adds an entry here, so "upgrade from every earlier version with data" stays true.
 */
export const fixtures: Record<number, { insert: (db: Database.Database) => void; verify: (db: Database.Database) => void }> = {
  1: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO devices (id, serial_number, manufacturer, model, group_tag, user_principal_name, synced_at)
        VALUES ('d1', 'SER-1', 'Dell Inc.', 'Latitude 7440', 'BENCH-A', 'anna@contoso.com', '2026-01-01T00:00:00Z')`,
      ).run()
      db.prepare("INSERT INTO sync_runs (id, started_at, state, devices) VALUES ('r1', '2026-01-01T00:00:00Z', 'complete', 1)").run()
      db.prepare(`INSERT INTO preferences (key, value) VALUES ('devices.search', '"SER"')`).run()
    },
    verify: (db) => {
      const device = db.prepare('SELECT * FROM devices WHERE id = ?').get('d1') as Record<string, unknown>
      if (device.group_tag !== 'BENCH-A' || device.user_principal_name !== 'anna@contoso.com') throw new Error('v1 device changed')
      if (device.remediation_state !== 'unknown') throw new Error('v2 default missing on a v1 row')
      const found = db.prepare(`SELECT count(*) AS n FROM devices_fts WHERE devices_fts MATCH '"anna@"'`).get() as { n: number }
      if (found.n !== 1) throw new Error('v1 device missing from the v3 search index')
      const pref = db.prepare("SELECT value FROM preferences WHERE key = 'devices.search'").get() as { value: string }
      if (pref.value !== '"SER"') throw new Error('v1 preference lost')
    },
  },
  2: {
    insert: (db) => {
      // From v9 on the app stores the device's serial with each queued change (older rows get it from v9).
      const hasSerial = (db.prepare('PRAGMA table_info(outbox)').all() as Array<{ name: string }>).some((c) => c.name === 'serial_number')
      db.prepare(
        `INSERT INTO outbox (device_id, kind, payload, created_at, updated_at${hasSerial ? ', serial_number' : ''})
        VALUES ('d1', 'groupTag', '{"groupTag":"BENCH-B"}', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'${hasSerial ? ", 'SER-1'" : ''})`,
      ).run()
      db.prepare("INSERT INTO attempts (device_id, started_at, outcome, error_code) VALUES ('d1', '2026-01-02T00:00:00Z', 'failed', '0x81039001')").run()
    },
    verify: (db) => {
      const count = (db.prepare("SELECT count(*) AS n FROM outbox WHERE device_id = 'd1'").get() as { n: number }).n
      if (count !== 1) throw new Error('v2 outbox row lost')
      // v9 gave every queued change the serial its device had in the cache.
      if (db.prepare("SELECT serial_number FROM outbox WHERE device_id = 'd1'").pluck().get() !== 'SER-1') throw new Error('v2 outbox row got no serial in v9')
    },
  },
  3: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO devices (id, serial_number, model, display_name, synced_at)
        VALUES ('d3', 'ZX-300', 'Surface Laptop 6', 'LDN-ZX300', '2026-01-03T00:00:00Z')`,
      ).run()
      db.prepare("INSERT INTO users (id, user_principal_name, display_name, fetched_at) VALUES ('u1', 'anna@contoso.com', 'Anna', 'a')").run()
    },
    verify: (db) => {
      // Since v7 an entry's key carries its serial bucket above bit 40 (the device rowid below).
      const hits = db.prepare(`SELECT d.id FROM devices_fts f JOIN devices d ON d.rowid = f.rowid & ${2 ** 40 - 1} WHERE devices_fts MATCH '"x300"'`).all()
      if (hits.length !== 1) throw new Error('v3 search index lost the device name')
    },
  },
  4: {
    insert: (db) => {
      db.prepare(
        "INSERT INTO bench_jobs (id, name, tenant_id, group_tag, created_at) VALUES ('j1', 'PO-1001 Contoso', 't1', 'BENCH-LDN', '2026-01-04T00:00:00Z')",
      ).run()
      db.prepare("INSERT INTO job_manifest (job_id, serial_number, user_principal_name) VALUES ('j1', 'SER-1', 'anna@contoso.com')").run()
      db.prepare("INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage_since) VALUES ('d1', 'j1', 'SER-1', 'a', 'a')").run()
      // From v11 on the app records the scan for the job as well (on an older schema v11 copies it over).
      const hasJobDevices = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'bench_job_devices'").get()
      if (hasJobDevices)
        db.prepare("INSERT INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at) VALUES ('j1', 'd1', 'SER-1', 'a')").run()
      const attempt = db
        .prepare("INSERT INTO attempts (device_id, job_id, started_at, phase) VALUES ('d1', 'j1', '2026-01-04T00:00:00Z', 'provisioning')")
        .run()
      db.prepare("INSERT INTO attempt_events (attempt_id, at, event, recorded_at) VALUES (?, 'a', '{}', 'a')").run(attempt.lastInsertRowid)
    },
    verify: (db) => {
      const job = db.prepare("SELECT group_tag FROM bench_jobs WHERE id = 'j1'").get() as { group_tag: string } | undefined
      if (job?.group_tag !== 'BENCH-LDN') throw new Error('v4 bench job lost')
      const events = (db.prepare('SELECT count(*) AS n FROM attempt_events').get() as { n: number }).n
      if (events !== 1) throw new Error('v4 attempt events lost')
    },
  },
  5: {
    insert: (db) => {
      db.prepare(
        "INSERT INTO registration_imports (id, created_at, confirmed_at, state, report_json, files_json) VALUES ('r1', 'a', 'a', 'uploading', '{}', '[]')",
      ).run()
      db.prepare("INSERT INTO registration_rows (import_id, seq, file, line, serial_number, hardware_hash) VALUES ('r1', 0, 'a.csv', 2, 'SER-5', 'QUJD')").run()
    },
    verify: (db) => {
      const row = db.prepare("SELECT status FROM registration_rows WHERE import_id = 'r1'").get() as { status: string } | undefined
      if (row?.status !== 'queued') throw new Error('v5 registration queue lost')
    },
  },
  6: {
    insert: (db) => {
      db.prepare("INSERT INTO mobile_apps (id, display_name, app_type, synced_at) VALUES ('a1', 'Company Portal', 'winGetApp', 'a')").run()
    },
    verify: (db) => {
      const row = db.prepare("SELECT display_name FROM mobile_apps WHERE id = 'a1'").get() as { display_name: string } | undefined
      if (row?.display_name !== 'Company Portal') throw new Error('v6 app name lost')
    },
  },
  7: {
    insert: (db) => {
      // A device whose search entry is keyed under serial bucket 2 (FTS rowid = (2 << 40) + rowid).
      db.prepare("INSERT INTO search_buckets (first_serial, bucket) VALUES ('', 1), ('M', 2)").run()
      const { lastInsertRowid } = db
        .prepare("INSERT INTO devices (id, serial_number, model, synced_at, search_dirty, search_bucket) VALUES ('d7', 'MXL-7', 'ProBook 450', 'a', 0, 2)")
        .run()
      db.prepare("INSERT INTO devices_fts (rowid, serial_number, model) VALUES ((2 << 40) + ?, 'MXL-7', 'ProBook 450')").run(lastInsertRowid)
    },
    verify: (db) => {
      const hits = db.prepare(`SELECT rowid & ${2 ** 40 - 1} AS r FROM devices_fts WHERE devices_fts MATCH '"probook"'`).all() as Array<{ r: number }>
      const device = db.prepare("SELECT rowid AS r, search_bucket AS b FROM devices WHERE id = 'd7'").get() as { r: number; b: number } | undefined
      if (hits.length !== 1 || hits[0]!.r !== device?.r || device.b !== 2) throw new Error('v7 bucket-keyed search entry lost')
    },
  },
  8: {
    insert: (db) => {
      db.prepare("INSERT INTO devices (id, serial_number, model, synced_at) VALUES ('d8', 'cnd8Lower', 'EliteBook', 'a')").run()
    },
    verify: (db) => {
      const ids = db.prepare("SELECT id FROM devices WHERE serial_number = 'CND8LOWER' COLLATE NOCASE").pluck().all()
      if (ids.length !== 1 || ids[0] !== 'd8') throw new Error('v8 serial lookup ignoring case lost')
    },
  },
  9: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO outbox (device_id, serial_number, kind, payload, created_at, updated_at)
        VALUES ('gone9', 'SER-GONE-9', 'group-tag', '{"kind":"group-tag","groupTag":"T9"}', '2026-01-09T00:00:00Z', '2026-01-09T00:00:00Z')`,
      ).run()
    },
    verify: (db) => {
      const serial = db.prepare("SELECT serial_number FROM outbox WHERE device_id = 'gone9'").pluck().get()
      if (serial !== 'SER-GONE-9') throw new Error('v9 outbox serial lost')
    },
  },
  10: {
    insert: (db) => {
      db.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES ('d10', 'SER-10', 'a')").run()
    },
    verify: (db) => {
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT serial_number FROM devices WHERE id = 'd10'").all() as Array<{ detail: string }>
      if (!plan.some((step) => step.detail.includes('devices_by_id'))) throw new Error('v10 lookups by id lost their index')
      try {
        db.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES ('d10', 'SER-10-TWICE', 'a')").run()
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return
        throw error
      }
      throw new Error('v10 device ids no longer unique')
    },
  },
  11: {
    insert: (db) => {
      db.prepare("INSERT OR IGNORE INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j11', 'PO-1111 Fabrikam', 't1', '2026-01-11T00:00:00Z')").run()
      db.prepare(
        "INSERT INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at) VALUES ('j11', 'd11', 'SER-11', '2026-01-11T00:00:00Z')",
      ).run()
      // At v11 the app keeps a visit for every device at the bench under a job (v4's, written here straight into the table).
      db.prepare(
        `INSERT OR IGNORE INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at)
          SELECT job_id, device_id, serial_number, added_at FROM bench_devices WHERE job_id IS NOT NULL`,
      ).run()
    },
    verify: (db) => {
      const visits = db.prepare("SELECT serial_number FROM bench_job_devices WHERE job_id = 'j11'").pluck().all()
      if (visits.join() !== 'SER-11') throw new Error('v11 devices scanned for a job lost')
      // v4's device at the bench under j1 (when that fixture ran) is kept as scanned for j1.
      const v4 = db.prepare("SELECT serial_number FROM bench_job_devices WHERE job_id = 'j1'").pluck().all()
      if (db.prepare("SELECT 1 FROM bench_devices WHERE device_id = 'd1'").get() && v4.join() !== 'SER-1')
        throw new Error('v11 did not keep the bench device of v4')
    },
  },
  12: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO registration_imports (id, created_at, confirmed_at, state, report_json, files_json, failed_tries, error_tries, next_attempt_at)
        VALUES ('r12', 'a', 'a', 'failed', '{}', '[]', 8, 8, NULL)`,
      ).run()
    },
    verify: (db) => {
      const v12 = db.prepare("SELECT state, error_tries FROM registration_imports WHERE id = 'r12'").get() as { state: string; error_tries: number }
      if (v12.state !== 'failed' || v12.error_tries !== 8) throw new Error('v12 failed upload lost')
      // v5's upload, from before the retry budget, starts with none of it spent.
      const v5 = db.prepare("SELECT failed_tries, error_tries, next_attempt_at FROM registration_imports WHERE id = 'r1'").get() as
        Record<string, unknown> | undefined
      if (v5 && (v5.failed_tries !== 0 || v5.error_tries !== 0 || v5.next_attempt_at !== null)) throw new Error('v12 defaults missing on a v5 upload')
    },
  },
  13: {
    insert: (db) => {
      db.prepare("INSERT INTO bench_scans (device_id, at) VALUES ('d13', '2026-01-13T00:00:00Z')").run()
      // At v13 the app keeps a scan for every device at the bench (v4's, written here straight into the table).
      db.prepare(
        'INSERT INTO bench_scans (device_id, at) SELECT device_id, added_at FROM bench_devices WHERE device_id NOT IN (SELECT device_id FROM bench_scans)',
      ).run()
    },
    verify: (db) => {
      const scans = db.prepare("SELECT at FROM bench_scans WHERE device_id = 'd13'").pluck().all()
      if (scans.join() !== '2026-01-13T00:00:00Z') throw new Error('v13 scans lost')
      // A device at the bench before v13 keeps its first scan as one.
      const benchDevice = db.prepare("SELECT added_at FROM bench_devices WHERE device_id = 'd1'").pluck().get()
      if (benchDevice !== undefined && db.prepare("SELECT at FROM bench_scans WHERE device_id = 'd1'").pluck().get() !== benchDevice)
        throw new Error('v13 did not keep the first scan of the bench device of v4')
    },
  },
  14: {
    insert: (db) => {
      // One scan added twice (its cached answer, then its online refresh) is one row; another scan is another.
      const scan = db.prepare("INSERT OR IGNORE INTO bench_scans (device_id, at, scan_id) VALUES ('d14', ?, ?)")
      scan.run('2026-01-14T09:00:00Z', 's14-a')
      scan.run('2026-01-14T09:00:01Z', 's14-a')
      scan.run('2026-01-14T10:00:00Z', 's14-b')
    },
    verify: (db) => {
      const scans = db.prepare("SELECT at FROM bench_scans WHERE device_id = 'd14' ORDER BY at").pluck().all()
      if (scans.join() !== '2026-01-14T09:00:00Z,2026-01-14T10:00:00Z') throw new Error(`v14 scans: ${scans.join()}`)
      // The rows from before v14 carry no scan id and stay as they were.
      if (
        db
          .prepare("SELECT scan_id FROM bench_scans WHERE device_id = 'd13'")
          .pluck()
          .all()
          .some((id) => id !== null)
      )
        throw new Error('v14 gave v13 scans an id')
    },
  },
  15: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO registration_imports (id, created_at, confirmed_at, state, report_json, files_json, message, intune_answer)
        VALUES ('r15', 'a', 'a', 'failed', '{}', '[]', 'Intune had an internal error (HTTP 500).', '{"status":500}')`,
      ).run()
    },
    verify: (db) => {
      const v15 = db.prepare("SELECT intune_answer FROM registration_imports WHERE id = 'r15'").pluck().get()
      if (v15 !== '{"status":500}') throw new Error('v15 answer lost')
      // An upload from before v15 has no answer kept.
      const v12 = db.prepare("SELECT intune_answer FROM registration_imports WHERE id = 'r12'").get() as Record<string, unknown> | undefined
      if (v12 && v12.intune_answer !== null) throw new Error('v15 default missing on a v12 upload')
    },
  },
  16: {
    insert: (db) => {
      db.prepare(
        `INSERT INTO devices (id, serial_number, profile_status, profile_assignment_status, synced_at)
        VALUES ('d16', 'SER-16', 'assigned', 'assignedOutOfSync', '2026-01-16T00:00:00Z')`,
      ).run()
    },
    verify: (db) => {
      const v16 = db.prepare("SELECT profile_status, profile_assignment_status FROM devices WHERE id = 'd16'").get()
      if (JSON.stringify(v16) !== '{"profile_status":"assigned","profile_assignment_status":"assignedOutOfSync"}') throw new Error('v16 status lost')
      // A device cached before v16 has no Graph status kept until its next sync or refresh.
      const v1 = db.prepare("SELECT profile_assignment_status FROM devices WHERE id = 'd1'").get() as Record<string, unknown> | undefined
      if (v1 && v1.profile_assignment_status !== '') throw new Error('v16 default missing on a v1 device')
    },
  },
}
