import type Database from 'better-sqlite3'

/**
 * Schema migrations, applied in order, one transaction each; `PRAGMA user_version` records the
 * last one applied. Never edit a released migration: add a new one, plus its upgrade fixture in
 * test/support/migration-fixtures.ts.
 */
export interface Migration {
  version: number
  description: string
  up: (db: Database.Database) => void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'device cache, sync runs, preferences',
    up: (db) =>
      db.exec(`
        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          serial_number TEXT NOT NULL,
          manufacturer TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          group_tag TEXT NOT NULL DEFAULT '',
          purchase_order TEXT NOT NULL DEFAULT '',
          user_principal_name TEXT NOT NULL DEFAULT '',
          addressable_user_name TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          profile_status TEXT NOT NULL DEFAULT 'unknown',
          profile_assigned_at TEXT,
          enrollment_state TEXT NOT NULL DEFAULT 'unknown',
          synced_at TEXT NOT NULL,
          seen_in_run TEXT
        ) WITHOUT ROWID;
        CREATE INDEX devices_by_serial ON devices (serial_number, id);
        CREATE TABLE sync_runs (
          id TEXT PRIMARY KEY,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'failed', 'interrupted')),
          devices INTEGER NOT NULL DEFAULT 0,
          error_code TEXT,
          error_message TEXT
        );
        CREATE TABLE preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `),
  },
  {
    version: 2,
    description: 'user-made records (outbox, audit log, attempts) and remediation state',
    up: (db) =>
      db.exec(`
        ALTER TABLE devices ADD COLUMN remediation_state TEXT NOT NULL DEFAULT 'unknown';
        CREATE INDEX devices_by_group_tag ON devices (group_tag);
        CREATE INDEX devices_by_upn ON devices (user_principal_name);
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          device_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          base_value TEXT,
          state TEXT NOT NULL DEFAULT 'pending',
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          device_id TEXT,
          correlation_id TEXT,
          details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE attempts (
          id INTEGER PRIMARY KEY,
          device_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          outcome TEXT,
          error_code TEXT,
          next_action TEXT,
          notes TEXT NOT NULL DEFAULT ''
        );
      `),
  },
  {
    version: 3,
    description: 'rowid device table with FTS5 trigram search, users, profiles, groups, settings, outbox delivery columns',
    up: (db) =>
      db.exec(`
        CREATE TABLE devices_v3 (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          serial_number TEXT NOT NULL,
          manufacturer TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          group_tag TEXT NOT NULL DEFAULT '',
          purchase_order TEXT NOT NULL DEFAULT '',
          user_principal_name TEXT NOT NULL DEFAULT '',
          addressable_user_name TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          profile_status TEXT NOT NULL DEFAULT 'unknown',
          profile_id TEXT NOT NULL DEFAULT '',
          profile_assigned_at TEXT,
          enrollment_state TEXT NOT NULL DEFAULT 'unknown',
          remediation_state TEXT NOT NULL DEFAULT 'unknown',
          userless_enrollment_status TEXT NOT NULL DEFAULT 'unknown',
          managed_device_id TEXT NOT NULL DEFAULT '',
          entra_device_id TEXT NOT NULL DEFAULT '',
          last_contacted_at TEXT,
          synced_at TEXT NOT NULL,
          seen_in_run TEXT,
          -- 0 indexed, 1 new (never indexed), 2 searchable text changed since indexing.
          search_dirty INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO devices_v3 (id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name,
          addressable_user_name, display_name, profile_status, profile_assigned_at, enrollment_state, remediation_state,
          synced_at, seen_in_run)
        SELECT id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name,
          addressable_user_name, display_name, profile_status, profile_assigned_at, enrollment_state, remediation_state,
          synced_at, seen_in_run FROM devices ORDER BY serial_number;
        DROP TABLE devices;
        ALTER TABLE devices_v3 RENAME TO devices;
        -- The list sorts by serial (keyset); group tags feed autocomplete and job checks. Every other
        -- filter goes through the search index, so no further B-trees slow the bulk writes of a sync.
        CREATE INDEX devices_by_serial ON devices (serial_number, id);
        CREATE INDEX devices_by_group_tag ON devices (group_tag);

        -- Substring search (serial, UPN, group tag, model, manufacturer, device name). Contentless: the
        -- text lives once, in devices. Rows are indexed from search_dirty in bulk (devices-search-index.ts),
        -- not by per-row triggers, which made sync upserts several times slower (docs/reference/performance.md §2).
        CREATE VIRTUAL TABLE devices_fts USING fts5(
          serial_number, user_principal_name, group_tag, model, manufacturer, display_name,
          tokenize = 'trigram', content = '', contentless_delete = 1);
        INSERT INTO devices_fts (rowid, serial_number, user_principal_name, group_tag, model, manufacturer, display_name)
          SELECT rowid, serial_number, user_principal_name, group_tag, model, manufacturer, display_name FROM devices;
        UPDATE devices SET search_dirty = 0;
        CREATE TRIGGER devices_fts_delete AFTER DELETE ON devices WHEN old.search_dirty <> 1 BEGIN
          DELETE FROM devices_fts WHERE rowid = old.rowid;
        END;

        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          user_principal_name TEXT NOT NULL,
          display_name TEXT NOT NULL DEFAULT '',
          mail TEXT NOT NULL DEFAULT '',
          licensed INTEGER,
          fetched_at TEXT NOT NULL
        );
        CREATE INDEX users_by_upn ON users (user_principal_name COLLATE NOCASE);
        CREATE INDEX users_by_display_name ON users (display_name COLLATE NOCASE);

        CREATE TABLE profiles (
          id TEXT PRIMARY KEY,
          display_name TEXT NOT NULL,
          odata_type TEXT NOT NULL DEFAULT '',
          join_type TEXT NOT NULL DEFAULT '',
          pre_provisioning_allowed INTEGER,
          device_name_template TEXT NOT NULL DEFAULT '',
          created_at TEXT,
          details TEXT NOT NULL DEFAULT '{}',
          synced_at TEXT NOT NULL
        );
        CREATE TABLE profile_assignments (
          profile_id TEXT NOT NULL,
          group_id TEXT NOT NULL,
          kind TEXT NOT NULL DEFAULT 'include',
          PRIMARY KEY (profile_id, group_id, kind)
        );
        CREATE TABLE device_groups (
          id TEXT PRIMARY KEY,
          display_name TEXT NOT NULL,
          membership_rule TEXT NOT NULL DEFAULT '',
          synced_at TEXT NOT NULL
        );
        CREATE TABLE tenant_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, synced_at TEXT NOT NULL);

        -- Outbox delivery: what the change intends, what it was based on, and where delivery stands.
        ALTER TABLE outbox ADD COLUMN sent_at TEXT;
        ALTER TABLE outbox ADD COLUMN verified_at TEXT;
        ALTER TABLE outbox ADD COLUMN server_value TEXT;
        ALTER TABLE outbox ADD COLUMN correlation_id TEXT;
        ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
        CREATE INDEX outbox_by_state ON outbox (state, id);
        CREATE INDEX outbox_by_device ON outbox (device_id, state);
        CREATE INDEX attempts_by_device ON attempts (device_id, started_at);
      `),
  },
  {
    version: 4,
    description: 'technician flow: bench jobs with manifests, the bench, attempt events, ESP configurations',
    up: (db) =>
      db.exec(`
        -- A customer or purchase order: what every device of it should end up with (docs/bench-jobs.md).
        CREATE TABLE bench_jobs (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          purchase_order TEXT NOT NULL DEFAULT '',
          tenant_id TEXT NOT NULL,
          expected_profile_id TEXT,
          group_tag TEXT NOT NULL DEFAULT '',
          device_name_template TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          closed_at TEXT
        );
        -- serial → user, user friendly name, device name. Serials are stored upper-case, trimmed.
        CREATE TABLE job_manifest (
          job_id TEXT NOT NULL REFERENCES bench_jobs (id) ON DELETE CASCADE,
          serial_number TEXT NOT NULL,
          user_principal_name TEXT NOT NULL DEFAULT '',
          addressable_user_name TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (job_id, serial_number)
        );
        -- Devices at the bench now (several in parallel); survives restarts. The serial is kept so the
        -- bench still reads well if a sync drops the device from the cache.
        CREATE TABLE bench_devices (
          device_id TEXT PRIMARY KEY,
          job_id TEXT REFERENCES bench_jobs (id) ON DELETE SET NULL,
          serial_number TEXT NOT NULL,
          added_at TEXT NOT NULL,
          stage TEXT NOT NULL DEFAULT 'scanned',
          stage_since TEXT NOT NULL
        );
        CREATE INDEX bench_devices_by_job ON bench_devices (job_id);
        -- One attempt = one Provision/Next press. state: the attemptReducer's state as JSON, replayable
        -- from attempt_events (the technician's declarations, in order).
        ALTER TABLE attempts ADD COLUMN job_id TEXT;
        ALTER TABLE attempts ADD COLUMN phase TEXT NOT NULL DEFAULT 'idle';
        ALTER TABLE attempts ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
        CREATE INDEX attempts_by_job ON attempts (job_id, started_at);
        CREATE TABLE attempt_events (
          id INTEGER PRIMARY KEY,
          attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
          at TEXT NOT NULL,
          event TEXT NOT NULL,
          recorded_at TEXT NOT NULL
        );
        CREATE INDEX attempt_events_by_attempt ON attempt_events (attempt_id, id);
        -- Enrollment Status Page configurations (windows10EnrollmentCompletionPageConfiguration) and
        -- their group assignments, for the readiness check (docs/bench-jobs.md).
        CREATE TABLE esp_configurations (
          id TEXT PRIMARY KEY,
          display_name TEXT NOT NULL,
          priority INTEGER NOT NULL DEFAULT 0,
          is_default INTEGER NOT NULL DEFAULT 0,
          show_progress INTEGER,
          log_collection INTEGER,
          details TEXT NOT NULL DEFAULT '{}',
          synced_at TEXT NOT NULL
        );
        CREATE TABLE esp_assignments (
          configuration_id TEXT NOT NULL,
          group_id TEXT NOT NULL,
          kind TEXT NOT NULL DEFAULT 'include',
          PRIMARY KEY (configuration_id, group_id, kind)
        );
      `),
  },
  {
    version: 5,
    description: 'registration by hardware hash: checked files and the durable upload queue (docs/registration.md)',
    up: (db) =>
      db.exec(`
        -- One check of dropped files (state draft) that becomes an upload once the technician confirms.
        CREATE TABLE registration_imports (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          confirmed_at TEXT,
          finished_at TEXT,
          state TEXT NOT NULL,
          job_id TEXT,
          waiting_since TEXT,
          sync_message TEXT,
          sync_due_at TEXT,
          message TEXT,
          report_json TEXT NOT NULL,
          files_json TEXT NOT NULL
        );
        -- The rows to upload and each one's result. The hash is cleared once the import is done (hashes are sensitive).
        CREATE TABLE registration_rows (
          import_id TEXT NOT NULL REFERENCES registration_imports (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          file TEXT NOT NULL,
          line INTEGER NOT NULL,
          serial_number TEXT NOT NULL,
          product_key TEXT NOT NULL DEFAULT '',
          hardware_hash TEXT NOT NULL DEFAULT '',
          group_tag TEXT NOT NULL DEFAULT '',
          assigned_user TEXT NOT NULL DEFAULT '',
          batch INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL DEFAULT 'queued',
          import_status TEXT NOT NULL DEFAULT '',
          imported_id TEXT,
          device_id TEXT,
          error_code INTEGER,
          error_name TEXT,
          submitted_at TEXT,
          finished_at TEXT,
          record_deleted INTEGER NOT NULL DEFAULT 0,
          appeared_at TEXT,
          profile_status TEXT,
          joined_job INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (import_id, seq)
        );
        CREATE INDEX registration_rows_status ON registration_rows (import_id, status);
      `),
  },
  {
    version: 6,
    description: "the tenant's app catalogue: names for the app ids the ESP tracks",
    up: (db) =>
      db.exec(`
        -- Intune apps (mobileApp) by lower-case id, so app GUIDs in diagnostics read as names
        -- (docs/reference/graph-api.md §C1). Rebuildable cache, replaced whole by each sync.
        CREATE TABLE mobile_apps (
          id TEXT PRIMARY KEY,
          display_name TEXT NOT NULL,
          app_type TEXT NOT NULL DEFAULT '',
          synced_at TEXT NOT NULL
        );
      `),
  },
  {
    version: 7,
    description: 'search index keyed in serial order: trigram entries carry a serial-range bucket (device-search-buckets.ts)',
    up: (db) =>
      db.exec(`
        -- Bucket b holds the serials from its first_serial up to the next bucket's (BINARY order, as the
        -- list sorts). Chosen once over the rows present (first load, or the sync after this upgrade).
        CREATE TABLE search_buckets (first_serial TEXT PRIMARY KEY, bucket INTEGER NOT NULL) WITHOUT ROWID;
        -- The bucket under which the row's devices_fts entry is keyed: FTS rowid = (search_bucket << 40) + rowid.
        -- 0 is the catch-all (rows indexed before buckets existed, as every row of an upgraded cache).
        ALTER TABLE devices ADD COLUMN search_bucket INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER devices_fts_delete;
        CREATE TRIGGER devices_fts_delete AFTER DELETE ON devices WHEN old.search_dirty <> 1 BEGIN
          DELETE FROM devices_fts WHERE rowid = (old.search_bucket << 40) + old.rowid;
        END;
        -- Rows whose index entry is behind their text (and maybe under another serial's bucket): few and
        -- short-lived, so this partial index costs a sync almost nothing and lets a search find them at once.
        CREATE INDEX devices_search_changed ON devices (search_dirty) WHERE search_dirty = 2;
      `),
  },
  {
    version: 8,
    description: 'serial lookups ignoring case through an index, not a scan of every row',
    up: (db) =>
      db.exec(`
        -- A scan of a serial barcode, the hash CSV check (every row, twice) and the handover look a
        -- serial up with COLLATE NOCASE, which the BINARY serial index cannot answer: each lookup read
        -- the whole index (70 ms at 1M devices). First loads drop and rebuild it like the others.
        CREATE INDEX devices_by_serial_nocase ON devices (serial_number COLLATE NOCASE);
      `),
  },
  {
    version: 9,
    description: 'a queued change keeps the serial number of the device it was made for',
    up: (db) =>
      db.exec(`
        -- The Changes screen names each change by its device's serial. A device deleted in Intune leaves
        -- the cache (Intune answers its change with 404, or the next sync no longer lists it), and its
        -- change then showed only the device id. The serial at the time of the change stays with it.
        ALTER TABLE outbox ADD COLUMN serial_number TEXT;
        UPDATE outbox SET serial_number = (SELECT serial_number FROM devices WHERE devices.id = outbox.device_id);
      `),
  },
  {
    version: 10,
    description: 'device ids unique through an index a first load can drop and build once, not a column constraint',
    up: (db) =>
      db.exec(`
        -- The column's UNIQUE was an index SQLite will not drop: a first load inserted every row at a
        -- random place in a B-tree over GUIDs (51 MB at 1M rows), ~8 of its ~39 s in SQLite (issue 19,
        -- docs/benchmarks.md). As a named index, a first load drops it with the other B-trees and builds
        -- it by sorting after its last page (devices-bulk-repo.ts). Rowids are kept: the search index's
        -- keys are built from them.
        CREATE TABLE devices_v10 (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          serial_number TEXT NOT NULL,
          manufacturer TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          group_tag TEXT NOT NULL DEFAULT '',
          purchase_order TEXT NOT NULL DEFAULT '',
          user_principal_name TEXT NOT NULL DEFAULT '',
          addressable_user_name TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          profile_status TEXT NOT NULL DEFAULT 'unknown',
          profile_id TEXT NOT NULL DEFAULT '',
          profile_assigned_at TEXT,
          enrollment_state TEXT NOT NULL DEFAULT 'unknown',
          remediation_state TEXT NOT NULL DEFAULT 'unknown',
          userless_enrollment_status TEXT NOT NULL DEFAULT 'unknown',
          managed_device_id TEXT NOT NULL DEFAULT '',
          entra_device_id TEXT NOT NULL DEFAULT '',
          last_contacted_at TEXT,
          synced_at TEXT NOT NULL,
          seen_in_run TEXT,
          -- 0 indexed, 1 new (never indexed), 2 searchable text changed since indexing.
          search_dirty INTEGER NOT NULL DEFAULT 1,
          search_bucket INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO devices_v10 (rowid, id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name,
          addressable_user_name, display_name, profile_status, profile_id, profile_assigned_at, enrollment_state, remediation_state,
          userless_enrollment_status, managed_device_id, entra_device_id, last_contacted_at, synced_at, seen_in_run, search_dirty, search_bucket)
        SELECT rowid, id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name,
          addressable_user_name, display_name, profile_status, profile_id, profile_assigned_at, enrollment_state, remediation_state,
          userless_enrollment_status, managed_device_id, entra_device_id, last_contacted_at, synced_at, seen_in_run, search_dirty, search_bucket
        FROM devices;
        -- Dropping the table drops its indexes and its trigger and fires no trigger itself: the search
        -- index keeps its entries, which the copied rowids still match.
        DROP TABLE devices;
        ALTER TABLE devices_v10 RENAME TO devices;
        CREATE UNIQUE INDEX devices_by_id ON devices (id);
        CREATE INDEX devices_by_serial ON devices (serial_number, id);
        CREATE INDEX devices_by_group_tag ON devices (group_tag);
        CREATE INDEX devices_by_serial_nocase ON devices (serial_number COLLATE NOCASE);
        CREATE INDEX devices_search_changed ON devices (search_dirty) WHERE search_dirty = 2;
        CREATE TRIGGER devices_fts_delete AFTER DELETE ON devices WHEN old.search_dirty <> 1 BEGIN
          DELETE FROM devices_fts WHERE rowid = (old.search_bucket << 40) + old.rowid;
        END;
      `),
  },
  {
    version: 11,
    description: 'every device scanned for a job stays with the job after it moves to another',
    up: (db) =>
      db.exec(`
        -- bench_devices says where a device is now: scanned for the next job, it left the first job's
        -- hand-over report, which then listed a manifest device scanned at its bench as "Not seen".
        CREATE TABLE bench_job_devices (
          job_id TEXT NOT NULL REFERENCES bench_jobs (id) ON DELETE CASCADE,
          device_id TEXT NOT NULL,
          serial_number TEXT NOT NULL,
          first_scanned_at TEXT NOT NULL,
          PRIMARY KEY (job_id, device_id)
        ) WITHOUT ROWID;
        INSERT INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at)
          SELECT job_id, device_id, serial_number, added_at FROM bench_devices WHERE job_id IS NOT NULL;
      `),
  },
  {
    version: 12,
    description: 'a hardware-hash upload that keeps failing stops after 8 tries Intune answered with an error, and says when it tries next',
    up: (db) =>
      db.exec(`
        -- Before, a failing upload was tried again every 2 minutes at most, for ever, and the count lived
        -- only in memory. failed_tries: tries in a row that failed (any reason; the wait between tries
        -- grows with it). error_tries: of those, the ones Intune answered with an error, the retry
        -- budget (8, as the outbox's). next_attempt_at: when the next try is due (shown, and kept across
        -- a restart). The import's state becomes 'failed' once the budget is spent.
        ALTER TABLE registration_imports ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE registration_imports ADD COLUMN error_tries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE registration_imports ADD COLUMN next_attempt_at TEXT;
      `),
  },
  {
    version: 13,
    description: 'every scan of a device onto the bench, with its time',
    up: (db) =>
      db.exec(`
        -- bench_devices keeps the first scan (added_at): a device scanned again on a later day left no
        -- trace of that day, and the day's diagnostics bundle left it out. Each scan is a row here.
        CREATE TABLE bench_scans (
          device_id TEXT NOT NULL,
          at TEXT NOT NULL
        );
        CREATE INDEX bench_scans_by_at ON bench_scans (at);
        INSERT INTO bench_scans (device_id, at) SELECT device_id, added_at FROM bench_devices;
      `),
  },
  {
    version: 14,
    description: 'the scan a bench_scans row records, so one scan is one row',
    up: (db) =>
      db.exec(`
        -- A scan resolves twice (the cached answer, then the online refresh) and both may add the device:
        -- two rows for one scan. The renderer's scan id makes the second a no-op. Rows from before have
        -- none (NULL, never equal to another) and are left as they were: which of them were one scan
        -- can only be guessed from their times.
        ALTER TABLE bench_scans ADD COLUMN scan_id TEXT;
        CREATE UNIQUE INDEX bench_scans_by_scan ON bench_scans (scan_id) WHERE scan_id IS NOT NULL;
      `),
  },
  {
    version: 15,
    description: "a failed upload try keeps Intune's answer (ids, date, raw text) beside its words, for support",
    up: (db) =>
      db.exec(`
        -- Before, Intune's whole answer (Activity ID, request-id, internal Url) was the message the technician
        -- read. The message is now a sentence; the answer (JSON, src/shared/domain/intune-answer.ts) is kept here.
        ALTER TABLE registration_imports ADD COLUMN intune_answer TEXT;
      `),
  },
  {
    version: 16,
    description: "a device keeps Graph's own profile assignment status beside the admin center's word for it",
    up: (db) =>
      db.exec(`
        -- profile_status is the admin center's word ('assigned' for assignedInSync, assignedOutOfSync and
        -- assignedUnkownSyncState alike): Intune's own "out of sync" was lost on the way in, and readiness could
        -- only infer it from the profile it sees. This is Graph's deploymentProfileAssignmentStatus as sent
        -- (docs/reference/graph-api.md §B1); '' until the device's next sync or refresh writes it.
        ALTER TABLE devices ADD COLUMN profile_assignment_status TEXT NOT NULL DEFAULT '';
      `),
  },
]

export const latestSchemaVersion = migrations[migrations.length - 1]!.version

/** Tables holding what technicians made by hand: kept through a recovery, unlike the rebuildable cache. */
// Parents before children: the copy runs with foreign keys on.
export const userMadeTables = [
  'outbox',
  'audit_log',
  'bench_jobs',
  'job_manifest',
  'bench_devices',
  'bench_job_devices',
  'bench_scans',
  'attempts',
  'attempt_events',
  'preferences',
  'registration_imports',
  'registration_rows',
] as const

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(
      `This data folder was written by a newer Autopilot Bench (schema ${found}, this app knows ${latestSchemaVersion}). ` +
        'Update the app, or start it with a different data folder.',
    )
    this.name = 'NewerSchemaError'
  }
}

export const schemaVersionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number

/** Applies every migration above the database's version, up to `target`. Returns the version it started from. */
export function migrate(db: Database.Database, target = latestSchemaVersion, beforeFirst?: (from: number) => void): number {
  const from = schemaVersionOf(db)
  if (from > latestSchemaVersion) throw new NewerSchemaError(from)
  const pending = migrations.filter((m) => m.version > from && m.version <= target)
  if (pending.length > 0) beforeFirst?.(from)
  for (const migration of pending) {
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return from
}
