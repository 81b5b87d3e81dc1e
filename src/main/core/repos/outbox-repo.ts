import type Database from 'better-sqlite3'
import type { ChangeField, ChangeState, DeviceChange, FieldValues, OutboxItem, PendingValue } from '@shared/change-schemas'
import type { StoredError } from '@shared/intune-answer-schemas'
import { commitOpenBulkWrite } from '../sync/bulk-writer'
import { fieldsOf, intendedValues, showsChange, slotOf, valuesOf } from '../outbox/change-kinds'
import { withDirectoryFriendlyName } from '../outbox/assign-user-friendly-name'
import { createUsersRepo } from './users-repo'
import { createAuditLogRepo } from './audit-log-repo'

interface OutboxRow {
  id: number
  device_id: string
  /** The cached device's serial now, else the one it had when the change was made (migration 9). */
  known_serial: string | null
  kind: string
  payload: string
  base_value: string | null
  server_value: string | null
  state: ChangeState
  attempts: number
  last_error: string | null
  next_attempt_at: string | null
  created_at: string
  updated_at: string
}

/** States in which a change has not reached Intune for good: shown as pending, kept across restarts. */
export const activeStates: ChangeState[] = ['pending', 'sending', 'verifying', 'failed', 'conflict']
const activeList = activeStates.map((s) => `'${s}'`).join(', ')
/** Active states of a change still being delivered (not waiting for the technician). */
const onTheirWay: ChangeState[] = ['pending', 'sending', 'verifying']

const toItem = (row: OutboxRow): OutboxItem => {
  const change = JSON.parse(row.payload) as DeviceChange
  return {
    id: row.id,
    deviceId: row.device_id,
    serialNumber: row.known_serial ?? '',
    change,
    base: JSON.parse(row.base_value ?? '{}') as Record<string, string>,
    intended: intendedValues(change),
    server: row.server_value ? (JSON.parse(row.server_value) as Record<string, string>) : null,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error ? (JSON.parse(row.last_error) as StoredError) : null,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

const select = `SELECT o.*, coalesce(d.serial_number, o.serial_number) AS known_serial FROM outbox o LEFT JOIN devices d ON d.id = o.device_id`

/**
 * The outbox: every change a technician makes is written here first (durably: a sync's open bulk
 * transaction is committed before), survives restarts, and leaves only when Intune shows it or the
 * technician discards it. Nothing is dropped silently.
 */
export function createOutboxRepo(db: Database.Database, now: () => Date = () => new Date()) {
  const write = <T>(fn: () => T): T => {
    commitOpenBulkWrite(db)
    return db.transaction(fn)()
  }
  const stamp = () => now().toISOString()
  // Prepared on first use and kept: the bench list asks once per bench device at every refresh, and
  // preparing it each time was a quarter of that read (hundreds of devices, re-read at each sync page).
  let pendingStatement: Database.Statement | undefined
  const pendingOf = () =>
    (pendingStatement ??= db.prepare(`${select} WHERE o.state IN (${activeList}) AND o.device_id IN (SELECT value FROM json_each(?)) ORDER BY o.id`))
  const get = (id: number) => {
    const row = db.prepare(`${select} WHERE o.id = ?`).get(id) as OutboxRow | undefined
    return row ? toItem(row) : null
  }
  const activeFor = (deviceId: string) =>
    (db.prepare(`${select} WHERE o.device_id = ? AND o.state IN (${activeList}) ORDER BY o.id`).all(deviceId) as OutboxRow[]).map(toItem)

  /**
   * What a new change is based on: Intune's cached values with the changes still on their way on top
   * (pending, sending, verifying). A failed change or a conflict is not on its way (it waits for the
   * technician), so its value is not what Intune will show: basing on it made the next change a false
   * "Conflict" (a user assignment that failed "not found", then another user picked: "You changed
   * zed… → ben…, but Intune now shows (none)"). The card's changeToCome leaves them out the same way.
   */
  function effectiveValues(deviceId: string, fields: ChangeField[]): FieldValues {
    const device = db
      .prepare(
        `SELECT group_tag AS groupTag, display_name AS displayName, addressable_user_name AS addressableUserName,
      user_principal_name AS userPrincipalName FROM devices WHERE id = ?`,
      )
      .get(deviceId) as Record<ChangeField, string> | undefined
    const values = valuesOf(device ?? {}, fields)
    for (const item of activeFor(deviceId).filter((i) => onTheirWay.includes(i.state)))
      for (const field of fields) if (field in item.intended) values[field] = item.intended[field]!
    return values
  }

  function setState(
    id: number,
    state: ChangeState,
    extra: {
      error?: StoredError | null
      server?: FieldValues | null
      nextAttemptAt?: string | null
      sent?: boolean
      attempt?: boolean
      correlationId?: string
    } = {},
  ): boolean {
    // A discarded change stays discarded: a delivery that had it in flight when the technician let it go
    // does not bring it back (nor send it).
    return write(() => {
      const changed =
        db
          .prepare(
            `UPDATE outbox SET state = @state, updated_at = @now,
          last_error = CASE WHEN @setError THEN @error ELSE last_error END,
          server_value = CASE WHEN @setServer THEN @server ELSE server_value END,
          next_attempt_at = @nextAttemptAt,
          sent_at = CASE WHEN @sent THEN @now ELSE sent_at END,
          verified_at = CASE WHEN @state = 'done' THEN @now ELSE verified_at END,
          attempts = attempts + @attempt,
          correlation_id = coalesce(@correlationId, correlation_id)
        WHERE id = @id AND state <> 'discarded'`,
          )
          .run({
            id,
            state,
            now: stamp(),
            setError: extra.error !== undefined ? 1 : 0,
            error: extra.error ? JSON.stringify(extra.error) : null,
            setServer: extra.server !== undefined ? 1 : 0,
            server: extra.server ? JSON.stringify(extra.server) : null,
            nextAttemptAt: extra.nextAttemptAt ?? null,
            sent: extra.sent ? 1 : 0,
            attempt: extra.attempt ? 1 : 0,
            correlationId: extra.correlationId ?? null,
          }).changes > 0
      if (changed && state === 'done') {
        const item = get(id)!
        createAuditLogRepo(db).add({
          at: stamp(),
          action: item.change.kind,
          deviceId: item.deviceId,
          correlationId: extra.correlationId ?? null,
          details: { base: item.base, intended: item.intended },
        })
      }
      return changed
    })
  }

  return {
    get,
    activeFor,
    /** Queues a change. An unsent change to the same property is replaced (its base kept); a change back to the base value cancels it. */
    queue(deviceId: string, requested: DeviceChange, correlationId: string): OutboxItem | null {
      return write(() => {
        const change = withDirectoryFriendlyName(requested, (upn) => createUsersRepo(db).displayNameOf(upn))
        const slot = slotOf(change)
        // A failed change or a conflict of the same property is settled by this newer one: the technician
        // chose another value. Left active, the card went on showing the failed value as the one to come
        // ("Assigned user: zed… Not sent") after the new user was in Intune, and a Retry of it would have
        // undone the newer change. It is kept, discarded, with why (Changes › Show delivered).
        const replaced = activeFor(deviceId).filter((item) => (item.state === 'failed' || item.state === 'conflict') && slotOf(item.change) === slot)
        for (const item of replaced)
          db.prepare("UPDATE outbox SET state = 'discarded', updated_at = ?, last_error = ? WHERE id = ?").run(
            stamp(),
            JSON.stringify({
              code: 'cancelled',
              message: `Replaced by a later change made here.${item.lastError ? ` Its last try: ${item.lastError.message}` : ''}`,
            }),
            item.id,
          )
        const unsent = activeFor(deviceId).filter((item) => item.state === 'pending' && slotOf(item.change) === slot)
        const previous = unsent[unsent.length - 1]
        const base = previous ? (previous.base as FieldValues) : effectiveValues(deviceId, fieldsOf(change))
        // The same test delivery uses: an assignment of the user already there with a blank friendly name changes nothing.
        const noChange = showsChange(base, change)
        if (previous) {
          if (noChange) {
            db.prepare("UPDATE outbox SET state = 'discarded', updated_at = ?, last_error = ? WHERE id = ?").run(
              stamp(),
              JSON.stringify({ code: 'cancelled', message: 'Changed back to the value Intune has.' }),
              previous.id,
            )
            return null
          }
          db.prepare('UPDATE outbox SET payload = ?, base_value = ?, updated_at = ?, correlation_id = ? WHERE id = ?').run(
            JSON.stringify(change),
            JSON.stringify(base),
            stamp(),
            correlationId,
            previous.id,
          )
          return get(previous.id)
        }
        if (noChange) return null
        const id = db
          .prepare(
            `INSERT INTO outbox (device_id, serial_number, kind, payload, base_value, state, created_at, updated_at, correlation_id)
          VALUES (?, (SELECT serial_number FROM devices WHERE id = ?), ?, ?, ?, 'pending', ?, ?, ?)`,
          )
          .run(deviceId, deviceId, change.kind, JSON.stringify(change), JSON.stringify(base), stamp(), stamp(), correlationId).lastInsertRowid
        return get(Number(id))
      })
    },
    /** Items to work on now, oldest first. */
    due(limit = 50): OutboxItem[] {
      const rows = db
        .prepare(
          `${select} WHERE o.state IN ('pending', 'sending', 'verifying')
        AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) ORDER BY o.id LIMIT ?`,
        )
        .all(stamp(), limit) as OutboxRow[]
      return rows.map(toItem)
    },
    nextAttemptAt(): string | null {
      const row = db.prepare("SELECT min(next_attempt_at) AS t FROM outbox WHERE state IN ('pending', 'sending', 'verifying')").get() as { t: string | null }
      const anyNow = db.prepare("SELECT 1 FROM outbox WHERE state IN ('pending', 'sending', 'verifying') AND next_attempt_at IS NULL LIMIT 1").get()
      return anyNow ? stamp() : row.t
    },
    list(deviceId: string | null, includeFinished: boolean): OutboxItem[] {
      const states = includeFinished ? '' : `AND o.state IN (${activeList})`
      const rows = deviceId
        ? db.prepare(`${select} WHERE o.device_id = ? ${states} ORDER BY o.id DESC LIMIT 500`).all(deviceId)
        : db.prepare(`${select} WHERE 1 ${states} ORDER BY o.id DESC LIMIT 500`).all()
      return (rows as OutboxRow[]).map(toItem)
    },
    /** Unsent values per device, for marking them pending in lists and cards. */
    pendingValues(deviceIds: string[]): Map<string, PendingValue[]> {
      const out = new Map<string, PendingValue[]>()
      if (deviceIds.length === 0) return out
      const rows = pendingOf().all(JSON.stringify(deviceIds)) as OutboxRow[]
      for (const item of rows.map(toItem)) {
        const list = out.get(item.deviceId) ?? []
        for (const [field, value] of Object.entries(item.intended)) {
          const existing = list.findIndex((p) => p.field === field)
          if (existing >= 0) list.splice(existing, 1)
          list.push({
            field: field as ChangeField,
            value,
            state: item.state,
            ...(item.lastError ? { error: item.lastError.message } : {}),
            ...(item.lastError && item.nextAttemptAt ? { nextAttemptAt: item.nextAttemptAt } : {}),
          })
        }
        out.set(item.deviceId, list)
      }
      return out
    },
    summary() {
      const row = db
        .prepare(
          `SELECT sum(state IN ('pending', 'sending', 'verifying')) AS pending, sum(state = 'failed') AS failed,
        sum(state = 'conflict') AS conflicts FROM outbox`,
        )
        .get() as Record<string, number | null>
      return { pending: row.pending ?? 0, failed: row.failed ?? 0, conflicts: row.conflicts ?? 0 }
    },
    setState,
    /**
     * The run is about to wait until `until` on item `id` (Intune's Retry-After): the other waiting changes
     * cannot be tried before then, so none may still say it is tried earlier ("Trying again at 11:14 AM" at 11:15).
     * Changes never tried (no time) and those due later are left as they are.
     */
    holdOthersUntil(id: number, until: string) {
      write(() =>
        db
          .prepare(
            `UPDATE outbox SET next_attempt_at = ? WHERE id != ? AND state IN ('pending', 'sending', 'verifying') AND next_attempt_at IS NOT NULL AND next_attempt_at < ?`,
          )
          .run(until, id, until),
      )
    },
    /**
     * Technician: try a failed change again (a conflict is settled with resolveConflict instead), or "Try now"
     * on one still on its way that waits for its next try: the wait ends, the state (a `sending` write is
     * read back before any resend) and the last try's reason stay until the try answers.
     */
    retry(id: number) {
      const item = get(id)
      if (!item) return false
      if (item.state === 'failed') {
        setState(id, 'pending', { error: null, nextAttemptAt: null })
        return true
      }
      if (!onTheirWay.includes(item.state) || item.nextAttemptAt === null) return false
      write(() => db.prepare('UPDATE outbox SET next_attempt_at = NULL, updated_at = ? WHERE id = ?').run(stamp(), id))
      return true
    },
    /**
     * Intune answers again (Offline → Online, or the first answer after a start): the changes that wait out a
     * back-off only because Intune could not be reached or did not answer are due now, not minutes later.
     * A change waiting on Intune's own Retry-After or a refusal keeps its time. Returns how many were moved.
     */
    bringForwardUnanswered(codes: readonly string[]): number {
      if (codes.length === 0) return 0
      return write(
        () =>
          db
            .prepare(
              `UPDATE outbox SET next_attempt_at = NULL WHERE state IN ('pending', 'sending', 'verifying') AND next_attempt_at IS NOT NULL
              AND last_error IS NOT NULL AND json_extract(last_error, '$.code') IN (SELECT value FROM json_each(?))`,
            )
            .run(JSON.stringify(codes)).changes,
      )
    },
    /**
     * Technician: let a change go. Also one still being tried after a failed try (sending, verifying): an
     * answer to a try already on its way is then ignored, and nothing more is sent; Intune keeps whatever
     * that try applied (the Changes screen says so).
     */
    discard(id: number) {
      const item = get(id)
      if (!item || !['pending', 'failed', 'conflict', 'sending', 'verifying'].includes(item.state)) return false
      setState(id, 'discarded')
      return true
    },
    /** keep-mine: send it over Intune's value (which becomes the new base); take-intune: drop the change. */
    resolveConflict(id: number, choice: 'keep-mine' | 'take-intune') {
      const item = get(id)
      if (!item || item.state !== 'conflict') return false
      if (choice === 'take-intune') {
        setState(id, 'discarded')
        return true
      }
      write(() =>
        db
          .prepare("UPDATE outbox SET base_value = server_value, state = 'pending', next_attempt_at = NULL, last_error = NULL, updated_at = ? WHERE id = ?")
          .run(stamp(), id),
      )
      return true
    },
  }
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>
